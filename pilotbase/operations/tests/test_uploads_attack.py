"""Uploads under attack, through the real material upload page of the filing workflow: disguised
and polyglot files, hostile file names, a zip bomb, oversize and truncated bodies. Each is refused
with a clear message (or, for a hostile name on a genuine file, stored under a generated name), and
no refused upload leaves a file under MEDIA_ROOT or a row in the database."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from pilotbase.applications import demo, services
from pilotbase.applications.models import Material
from pilotbase.audit.models import AuditEvent

BOUNDARY = "----pilotbaseAttackBoundary7MA4YWxkTrZu0gW"
PDF = demo.TINY_PDF
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def draft(world):
    call = demo.open_call(world.officer)
    return services.start_application(call, by=world.applicant_b)


@pytest.fixture
def page(world, draft, login):
    client = login(world.applicant_b)
    return client, f"/applications/{draft.pk}/materials/"


def files_under_media() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot():
    return (
        files_under_media(),
        Material.objects.count(),
        AuditEvent.objects.filter(action="material_uploaded").count(),
    )


def multipart(filename: bytes | str, content: bytes, kind: str = "other") -> bytes:
    if isinstance(filename, str):
        filename = filename.encode()
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'.encode()
        + f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: application/pdf\r\n\r\n'
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def post(client, url, body: bytes):
    return client.generic("POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def assert_refused(response, before, *messages):
    assert response.status_code in (400, 413, 422), response.status_code
    html = response.content.decode()
    assert "Traceback" not in html
    if messages:
        assert any(m in html for m in messages), html[-3000:]
    assert snapshot() == before


def docx_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml" PartName="/word/document.xml"/></Types>',
        )
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_html_named_pdf_is_refused(page):
    client, url = page
    before = snapshot()
    response = post(client, url, multipart("申请书.pdf", HTML))
    assert_refused(response, before, "文件内容与类型不符")


def test_html_first_polyglot_with_a_pdf_inside_is_refused(page):
    client, url = page
    before = snapshot()
    response = post(client, url, multipart("poly.pdf", HTML + b"\n" + PDF))
    assert_refused(response, before, "文件内容与类型不符")


def test_pdf_first_polyglot_carrying_html_is_refused(page):
    client, url = page
    before = snapshot()
    response = post(client, url, multipart("poly.pdf", PDF + HTML))
    assert_refused(response, before, "文件内容与类型不符")


def test_a_kept_pdf_is_only_ever_served_as_a_sandboxed_download(page, draft):
    client, url = page
    post(client, url, multipart("real.pdf", PDF))
    material = Material.objects.get(application=draft)
    response = client.get(f"/applications/materials/{material.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\evil.pdf",
        "/etc/passwd.pdf",
        "/tmp/pilotbase-attack.pdf",
        b"evil\x00.pdf",
        b"../../evil\x00/../x.pdf",
    ],
)
def test_hostile_file_names_never_choose_where_a_file_lands(page, draft, filename, tmp_path):
    client, url = page
    before_files = set(files_under_media())
    # A hostile name on hostile content: refused, nothing kept.
    before = snapshot()
    assert_refused(post(client, url, multipart(filename, HTML)), before, "文件内容与类型不符")
    # A hostile name on a genuine PDF: kept only under a generated name inside MEDIA_ROOT/materials.
    response = post(client, url, multipart(filename, PDF))
    assert response.status_code in (302, 422), response.status_code
    new = set(files_under_media()) - before_files
    assert not Path("/etc/passwd.pdf").exists() and not Path("/tmp/pilotbase-attack.pdf").exists()
    if response.status_code == 302:
        material = Material.objects.get(application=draft)
        assert "/" not in material.original_name and "\\" not in material.original_name
        assert "\x00" not in material.original_name and ".." not in material.original_name.split(".")[0:1]
        assert [p.name for p in new] == [material.stored_name]
        assert next(iter(new)).parent == Path(django_settings.MEDIA_ROOT) / "materials"
    else:
        assert new == set() and Material.objects.count() == 0


def test_zip_bomb_inside_a_docx_is_refused(page):
    client, url = page
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml" PartName="/word/document.xml"/></Types>',
        )
        zeros = bytes(1024 * 1024)
        with zf.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            for _ in range(260):  # 260 MB of zeros, about 250 KB compressed
                member.write(zeros)
    bomb = buf.getvalue()
    assert len(bomb) < 2 * 1024 * 1024
    before = snapshot()
    assert_refused(post(client, url, multipart("bomb.docx", bomb)), before, "压缩炸弹")


def test_many_member_zip_is_refused(page):
    client, url = page
    bomb = docx_with({f"word/m{i}.xml": b"" for i in range(5001)})
    before = snapshot()
    assert_refused(post(client, url, multipart("many.docx", bomb)), before, "压缩炸弹")


def test_corrupt_docx_is_refused(page):
    client, url = page
    good = docx_with({"word/document.xml": b"<w:document/>"})
    before = snapshot()
    assert_refused(post(client, url, multipart("bad.docx", good[: len(good) // 2])), before, "损坏")


def test_oversize_file_is_refused(page, settings):
    settings.PILOTBASE_UPLOAD_MAX_BYTES = 1024 * 1024
    client, url = page
    big = PDF + b"%" + b"0" * (1024 * 1024 + 10)
    before = snapshot()
    assert_refused(post(client, url, multipart("big.pdf", big)), before, "文件超过大小上限 1 MB")


def test_oversize_form_field_is_refused_without_a_crash(page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client, url = page
    body = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n'.encode()
        + b"x" * 20_000
        + b"\r\n"
        + multipart("a.pdf", PDF)
    )
    before = snapshot()
    assert_refused(post(client, url, body), before)


def test_truncated_multipart_body_is_refused(page):
    client, url = page
    body = multipart("申请书.pdf", PDF + b"0" * 5000)
    before = snapshot()
    for cut in (len(body) // 3, len(body) - 30, len(body) - 5):
        response = post(client, url, body[:cut])
        assert_refused(response, before)


def test_empty_file_is_refused(page):
    client, url = page
    before = snapshot()
    assert_refused(post(client, url, multipart("empty.pdf", b"")), before)


def test_a_genuine_pdf_is_accepted_for_comparison(page, draft):
    client, url = page
    response = post(client, url, multipart("申请书.pdf", PDF, kind="application_form"))
    assert response.status_code == 302
    material = Material.objects.get(application=draft)
    assert material.original_name == "申请书.pdf" and material.content_type == "application/pdf"
    assert len(files_under_media()) == 1
