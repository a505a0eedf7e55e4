"""Catalogue search (Article 7(七), Article 11; spec/catalogue.md "Search")."""

from __future__ import annotations

import time

import pytest

from pilotbase.catalogue import analysis
from pilotbase.catalogue.search import (
    BaseDocument,
    RankingConfig,
    SearchIndex,
    ServiceKey,
    UnknownFilter,
)
from pilotbase.catalogue.synonyms import SynonymTable

from .conftest import service


def refs(hits) -> list[str]:
    return [hit.key.ref for hit in hits]


def test_everyday_request_finds_the_service_written_in_technical_words(small_index):
    assert refs(small_index.search("需要做锂电池正极材料小试到中试的放大"))[0] == "cathode"
    assert refs(small_index.search("番茄酱杀菌工艺放大"))[0] == "tomato"
    assert refs(small_index.search("葡萄酒酿造 小批量试产"))[0] == "wine"


def test_a_query_word_inside_a_longer_compound_is_found(small_index):
    # the service says 番茄酱 and 杀菌机; the query says 番茄 and 杀菌
    hits = small_index.search("番茄")
    assert refs(hits)[0] == "tomato"
    assert "番茄" in hits[0].matched_terms or "番茄酱" in hits[0].matched_terms


def test_synonyms_the_catalogue_does_not_use_still_find_the_service(small_index):
    assert refs(small_index.search("西红柿酱灭菌"))[0] == "tomato"
    assert refs(small_index.search("红酒 试产"))[0] == "wine"
    assert refs(small_index.search("种子化验"))[0] == "seed"


def test_without_synonyms_the_same_words_find_nothing(small_index):
    plain = SearchIndex(config=RankingConfig.baseline())
    plain.add_many(small_index.services())
    assert plain.search("西红柿 灭菌") == []


def test_synonym_table_is_data_an_administrator_edits(small_index):
    table = SynonymTable.from_lines(["# 注释", "葡萄酒/琼浆"])
    index = SearchIndex(synonyms=table)
    index.add_many(small_index.services())
    assert refs(index.search("琼浆"))[0] == "wine"
    assert small_index.search("琼浆") == []


def test_english_and_mixed_queries(small_index):
    assert refs(small_index.search("tomato paste sterilization scale-up"))[0] == "tomato"
    assert refs(small_index.search("lithium battery cathode pilot"))[0] == "cathode"
    assert refs(small_index.search("正极材料 pilot 放大"))[0] == "cathode"
    assert refs(small_index.search("ＷＩＮＥ"))[0] == "wine"  # full-width letters


def test_query_word_of_a_kind_ranks_services_of_that_kind_higher():
    index = SearchIndex()
    # neither title says 检测: only the kind tells them apart
    index.add(service("a", "棉花纤维品质服务", kinds=("consulting",), industry_chains=("cotton_textile",)))
    index.add(
        service("b", "棉花纤维品质服务", kinds=("product_testing",), industry_chains=("cotton_textile",))
    )
    assert refs(index.search("棉花纤维检测")) == ["b", "a"]


def test_bigram_fallback_matches_words_the_segmenter_cuts_differently():
    index = SearchIndex()
    index.add(service("a", "驼乳粉喷雾干燥"))
    # jieba does not cut 乳粉 out of 驼乳粉喷雾 the same way in both texts; the pair 乳粉 still meets
    assert refs(index.search("乳粉")) == ["a"]


def test_a_service_added_while_a_search_result_is_held_is_indexed(small_index):
    """A web worker's threads share the index: one holds the scores of a term while another adds
    a service with that term (the BufferError seen when the first held a view of the postings)."""
    index = SearchIndex()
    index.add(service("a", "驼乳粉喷雾干燥"))
    assert refs(index.search("驼乳粉 喷雾干燥")) == ["a"]  # the terms' scores are now kept
    index.add(service("b", "驼乳粉喷雾干燥中试"))
    assert set(refs(index.search("驼乳粉 喷雾干燥"))) == {"a", "b"}


def test_filters_restrict_the_results(small_index):
    assert refs(small_index.search("放大", chain="new_energy")) == ["cathode"]
    assert refs(small_index.search("放大", kind="trial_production")) == []
    assert set(refs(small_index.search("检测 放大 发酵", division="division-8"))) <= {"tomato", "seed"}
    assert refs(small_index.search("放大", chain="new_energy", division="division-8")) == []


@pytest.mark.parametrize(
    ("name", "code"), [("chain", "tomatoes"), ("kind", "testing"), ("division", "division-15")]
)
def test_unknown_filter_code_is_an_error(small_index, name, code):
    with pytest.raises(UnknownFilter) as raised:
        small_index.search("番茄", **{name: code})
    assert raised.value.field == name
    assert raised.value.code == code
    assert code in str(raised.value)


def test_a_retired_chain_code_still_used_by_a_service_filters():
    index = SearchIndex()
    index.add(service("a", "番茄酱杀菌", industry_chains=("tomato_old",)))
    assert refs(index.search("番茄", chain="tomato_old")) == ["a"]


def test_a_removed_service_never_appears(small_index):
    small_index.remove(ServiceKey("BTZS-2025-0001", "tomato"))
    for query in ("番茄酱杀菌工艺放大", "番茄", "杀菌", "放大"):
        assert "tomato" not in refs(small_index.search(query, limit=50))
    with pytest.raises(KeyError):
        small_index.remove(ServiceKey("BTZS-2025-0001", "tomato"))


def test_an_updated_service_is_found_by_its_new_text_only(small_index):
    old = small_index.get(("BTZS-2025-0003", "wine"))
    small_index.update(
        service(
            "wine",
            "精梳棉纱小批量试纺",
            base=old.base,
            kinds=old.kinds,
            industry_chains=("cotton_textile",),
            base_division="division-4",
        )
    )
    assert "wine" not in refs(small_index.search("葡萄酒"))
    assert refs(small_index.search("棉纱"))[0] == "wine"
    assert len(small_index) == 4


def test_many_removals_keep_the_index_in_step():
    index = SearchIndex()
    for number in range(1500):
        index.add(service(f"s{number}", f"番茄酱杀菌工艺放大 第{number}号"))
    for number in range(0, 1500, 2):
        index.remove(ServiceKey("BTZS-2025-0001", f"s{number}"))  # passes the compaction threshold
    found = refs(index.search("番茄酱", limit=2000))
    assert len(found) == 750
    assert all(int(ref[1:]) % 2 == 1 for ref in found)


def test_adding_a_service_twice_is_refused(small_index):
    with pytest.raises(ValueError):
        small_index.add(small_index.get(("BTZS-2025-0004", "seed")))
    with pytest.raises(ValueError):
        small_index.add_many([service("new", "新服务"), small_index.get(("BTZS-2025-0004", "seed"))])
    with pytest.raises(ValueError):
        SearchIndex().add_many([service("twin", "番茄"), service("twin", "番茄")])


@pytest.mark.parametrize("config", [RankingConfig(), RankingConfig.baseline()], ids=["ranked", "baseline"])
def test_bulk_build_gives_the_same_index_as_adding_one_by_one(config):
    """The full rebuild uses add_many; it must rank exactly as services added one at a time, also when
    it adds onto an index that has had additions and removals."""
    from pilotbase.catalogue.sample_catalogue import generate

    _bases, docs, _topics = generate(n_services=600, n_bases=40, seed=11)
    one, bulk = SearchIndex(config=config), SearchIndex(config=config)
    for doc in docs[:400]:
        one.add(doc)
    one.add_many(docs[400:])
    bulk.add_many(docs[:400])
    for doc in docs[400:]:
        bulk.add(doc)
    for doc in docs[:50]:
        one.remove(doc.key)
        bulk.remove(doc.key)
    a, b = one._services, bulk._services
    assert a._keys == b._keys
    assert {t: (list(i), list(v)) for t, (i, v) in a._postings.items()} == {
        t: (list(i), list(v)) for t, (i, v) in b._postings.items()
    }
    n = len(a._keys)
    assert (a._lengths[:n] == b._lengths[:n]).all() and (a._bigram_lengths[:n] == b._bigram_lengths[:n]).all()
    for query in ("番茄酱杀菌工艺放大", "锂电池正极材料中试", "葡萄酒 小批量试产", "检测"):
        assert one.search(query, limit=20) == bulk.search(query, limit=20)


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "的 了", "，。！"])
def test_empty_queries_give_no_results(small_index, query):
    assert small_index.search(query) == []


def test_a_huge_query_is_cut_and_answered_quickly(small_index):
    query = "番茄酱杀菌" + "随便写点什么" * 2000
    started = time.perf_counter()
    hits = small_index.search(query)
    assert time.perf_counter() - started < 1.0
    assert refs(hits)[0] == "tomato"
    assert len(analysis.prepare_query(query)) == analysis.MAX_QUERY_CHARS


def test_html_in_a_query_is_just_text(small_index):
    assert small_index.search("<script>alert('x')</script>") == []
    assert refs(small_index.search("<b>番茄酱</b>"))[0] == "tomato"


def test_equal_scores_come_in_a_stable_order():
    index = SearchIndex()
    for ref in ("c", "a", "b"):
        index.add(service(ref, "番茄酱杀菌"))
    assert refs(index.search("番茄酱")) == ["a", "b", "c"]
    assert refs(index.search("番茄酱", limit=2)) == ["a", "b"]


def test_scores_decrease_and_limit_is_respected(labelled_index):
    hits = labelled_index.search("检测", limit=7)
    assert len(hits) == 7
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_base_directory_search_uses_the_base_and_its_services(small_index):
    small_index.add_base(BaseDocument("BTZS-2025-0001", "石河子番茄制品中试基地", division="division-8"))
    small_index.add_base(BaseDocument("BTZS-2025-0003", "可克达拉葡萄酒中试基地", division="division-4"))
    assert [h.key for h in small_index.search_bases("番茄")][0] == "BTZS-2025-0001"
    # 杀菌 is only in the tomato base's service, not in the base's own text
    assert [h.key for h in small_index.search_bases("杀菌")] == ["BTZS-2025-0001"]
    assert small_index.search_bases("杀菌", division="division-4") == []
    small_index.remove_base("BTZS-2025-0001")
    assert "BTZS-2025-0001" not in [h.key for h in small_index.search_bases("番茄")]
    assert "tomato" not in refs(small_index.search("番茄酱"))
