import pytest

from pilotbase.accounts import creditcode, services


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91512081MA62K0260E", "91110000600037341L"])
def test_valid_codes(code):
    assert creditcode.check(code).ok


def test_lowercase_and_spaces_are_normalised():
    assert creditcode.check(" 91350100m000100y43 ").ok


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9135O100M000100Y43", "第 5 位“O”"),
        ("91350100M000100Y4", "18 位"),
        ("91350100M000100Y4Z", "第 18 位"),
    ],
)
def test_malformed_codes_are_errors(code, fragment):
    result = creditcode.check(code)
    assert result.error and fragment in result.error


def test_wrong_check_character_is_only_a_warning():
    result = creditcode.check("91350100M000100Y44")
    assert result.error is None and "校验位应为“3”" in result.warning


def test_service_refuses_wrong_check_character_unless_accepted(world):
    with pytest.raises(services.InvalidInput) as exc:
        services.create_organisation(
            name="早期单位", credit_code="91350100M000100Y44", recommending_unit=None
        )
    assert exc.value.field == "credit_code"
    org = services.create_organisation(
        name="早期单位",
        credit_code="91350100M000100Y44",
        recommending_unit=None,
        accept_check_character=True,
        by=world.officer,
    )
    assert org.credit_code_check_overridden


def test_letters_in_first_two_positions_are_accepted():
    # python-stdnum wrongly rejects these (reference/domain.md); build one with a correct check character.
    body = "Y1650100MA62K0260"
    assert creditcode.check(body + creditcode.check_character(body)).ok
