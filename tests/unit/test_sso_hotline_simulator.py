"""The hotline 1506 simulator (ingestion.simulator.sso_hotline): the API's file store it writes,
its truth tables, and the caller texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ingestion.simulator import generate
from ingestion.simulator import sso_hotline as hl
from ingestion.simulator.http_api import SIMULATED_APIS
from ingestion.sources.spec import get_entity_spec
from ingestion.thai import is_valid_national_id

SCALE, MONTHS, START, SEED = 0.005, 3, "2024-01", 7
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


def _run(out: Path, seed: int = SEED) -> Path:
    generate(out, scale=SCALE, months=MONTHS, start=START, seed=seed, sources=(hl.Simulator,))
    return out


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pl.DataFrame]:
    out = _run(tmp_path_factory.mktemp("hotline"))
    store = out / "sso_hotline" / hl.STORE
    records = [json.loads(line) for line in store.read_text(encoding="utf-8").splitlines()]
    return out, pl.DataFrame(records, infer_schema_length=None)


def test_same_seed_same_bytes_and_the_store_is_where_the_api_serves_it(tmp_path: Path, sim):
    out, _ = sim
    again = _run(tmp_path / "again")
    for rel in (
        f"sso_hotline/{hl.STORE}",
        f"_truth/{hl.TRUTH_MONTHLY}",
        f"_truth/{hl.TRUTH_BACKLOG}",
    ):
        assert (again / rel).read_bytes() == (out / rel).read_bytes(), rel
    other = _run(tmp_path / "other", seed=SEED + 1)
    assert (other / "sso_hotline" / hl.STORE).read_bytes() != (
        out / "sso_hotline" / hl.STORE
    ).read_bytes()
    assert SIMULATED_APIS["sso_hotline"].store == f"sso_hotline/{hl.STORE}"
    # nothing in the connector's drop folder: the pipeline pulls, the simulator does not deliver
    assert not list((out / "sso_hotline").glob("contacts/*"))


def test_records_have_the_fields_the_spec_reads(sim):
    _, df = sim
    assert df.columns == list(hl.RECORD_COLUMNS)
    spec = get_entity_spec("sso_hotline", "contacts")
    read = {c.header or c.name for c in spec.columns} - {"caller_id_status", "topic_code"}
    assert read - {"topic_model_version"} == set(hl.RECORD_COLUMNS)
    options = spec.reader.options
    assert options["url_env"] == SIMULATED_APIS["sso_hotline"].url_env
    assert (
        options["id"]
        == {"field": "contact_id"}
        == {"field": SIMULATED_APIS["sso_hotline"].id_field}
    )


def test_volume_is_several_thousand_a_day_at_scale_one(sim):
    _, df = sim
    days = 31 + 29 + 31
    week = (5 + 2 * hl.WEEKEND_FACTOR) / 7
    expected = hl.CONTACTS_PER_DAY * SCALE * week * days
    assert abs(df.height - expected) < 0.12 * expected, (df.height, expected)
    assert df.get_column("contact_id").n_unique() == df.height


def test_contacts_are_consistent(sim):
    _, df = sim
    for col in ("contact_at", "updated_at"):
        assert df.get_column(col).str.contains(ISO.pattern).all(), col
    assert (df.get_column("updated_at") >= df.get_column("contact_at")).all()
    assert set(df.get_column("menu_option")) == {1, 2, 3}
    assert set(df.get_column("channel")) == set(hl.CHANNELS)
    # abandoned: no agent, no case; a phone call abandoned in the queue left no text
    abandoned = df.filter(~pl.col("answered"))
    assert abandoned.height and (abandoned.get_column("case_status") == "none").all()
    assert abandoned.get_column("agent_category").is_null().all()
    assert abandoned.filter(pl.col("channel") == "phone").get_column("issue_text").is_null().all()
    assert df.filter(pl.col("auto_answered")).get_column("answered").all()
    assert df.filter(pl.col("auto_answered")).get_column("agent_category").is_null().all()
    answered = df.filter(pl.col("answered") & ~pl.col("auto_answered"))
    assert answered.get_column("agent_category").is_in(list(hl.TOPICS)).all()
    closed = df.get_column("case_status") == "closed"
    assert (closed == df.get_column("closed_at").is_not_null()).all()
    assert df.filter(pl.col("resolved_first_contact")).get_column("answered").all()
    # the cursor: a closed case's record changed when it closed
    assert (
        df.filter(closed).get_column("updated_at") == df.filter(closed).get_column("closed_at")
    ).all()
    assert set(df.get_column("case_status")) == {"none", "open", "closed"}
    assert set(df.get_column("contact_type")) == {"inquiry", "complaint"}


def test_callers_ids_are_valid_and_sometimes_typed_with_separators(sim):
    _, df = sim
    ids = df.get_column("national_id").drop_nulls()
    assert 0.3 < ids.len() / df.height < 0.6
    compact = [re.sub(r"[ -]", "", x) for x in ids]
    assert all(is_valid_national_id(x) for x in compact)  # non-Thai workers' start with 0
    assert any("-" in x for x in ids) and any(" " in x for x in ids)
    # a few callers type their ID into the text (landing masks it)
    texts = df.get_column("issue_text").drop_nulls()
    assert 0 < texts.str.contains("เลขบัตร").sum() < 0.05 * texts.len()


def test_texts_are_varied_colloquial_and_mixed(sim):
    _, df = sim
    texts = df.get_column("issue_text").drop_nulls().to_list()
    assert len(set(texts)) > 0.9 * len(texts)
    joined = "\n".join(texts)
    for particle in ("ครับ", "ค่ะ", "คะ", "จ้า", "อ่ะ", "นะ"):
        assert particle in joined, particle
    assert re.search(r"[A-Za-z]{2,}", joined)  # English loanwords
    assert re.search(r"[๐-๙]", joined)  # Thai digits
    assert re.search(r"\d", joined)
    assert sum(" " not in t for t in texts) > 0.1 * len(texts)  # typed without spaces


def test_monthly_truth_is_the_store_counted(sim):
    out, df = sim
    truth = pl.read_csv(out / "_truth" / hl.TRUTH_MONTHLY)
    counted = (
        df.with_columns(month=pl.col("contact_at").str.slice(0, 7))
        .group_by("month", "menu_option", "channel")
        .agg(
            contacts=pl.len(),
            answered=pl.col("answered").sum(),
            auto_answered=pl.col("auto_answered").sum(),
            wait_seconds=pl.col("wait_seconds").sum(),
        )
        .sort("month", "menu_option", "channel")
    )
    keys = ["month", "menu_option", "channel", "contacts", "answered", "auto_answered"]
    assert truth.select(keys).rows() == counted.select(keys).rows()
    assert (
        truth.get_column("wait_seconds").to_list() == counted.get_column("wait_seconds").to_list()
    )
    assert truth.get_column("month").unique().sort().to_list() == ["2024-01", "2024-02", "2024-03"]
    topics = pl.read_csv(out / "_truth" / hl.TRUTH_TOPICS)
    assert topics.height == df.height and set(topics.get_column("topic")) == set(hl.TOPICS)


def test_backlog_truth_is_the_open_cases_by_age(sim):
    out, df = sim
    truth = pl.read_csv(out / "_truth" / hl.TRUTH_BACKLOG, try_parse_dates=True)
    as_of = df.get_column("updated_at").str.slice(0, 10).str.to_date().max()
    assert truth.get_column("as_of").unique().to_list() == [as_of]
    open_cases = df.filter(pl.col("case_status") == "open").with_columns(
        age=(pl.lit(as_of) - pl.col("contact_at").str.slice(0, 10).str.to_date()).dt.total_days()
    )
    assert truth.get_column("open_cases").sum() == open_cases.height > 0
    young = open_cases.filter(pl.col("age") <= 7).height
    assert truth.filter(pl.col("age_band") == "0-7").get_column("open_cases").sum() == young
    assert truth.height == 3 * 2 * len(hl.AGE_BANDS)  # dense


def test_training_corpus_holds_out_whole_templates():
    corpus = hl.training_corpus()
    assert set(corpus.get_column("topic")) == set(hl.TOPICS)
    by_split = corpus.group_by("split").len().sort("split").get_column("len").to_list()
    assert by_split[0] > 400 and by_split[1] > 3 * by_split[0] * 0.7  # test, train
    held = corpus.filter(pl.col("split") == "test").get_column("template")
    assert (held % hl.HELD_OUT_EVERY == hl.HELD_OUT_EVERY - 1).all()
    assert corpus.get_column("text").n_unique() == corpus.height


def test_issue_texts_fill_every_slot():
    rng = np.random.default_rng(1)
    rows = np.arange(hl.TEMPLATE_TABLE.height)
    texts = hl.issue_texts(rng, rows, noise=False)
    assert not texts.str.contains(r"\{\w+\}").any()
    assert texts.len() == hl.TEMPLATE_TABLE.height
