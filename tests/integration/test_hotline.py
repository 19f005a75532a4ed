"""Hotline 1506 end to end: the simulator's store served by its API, pulled by the connector,
landed with topics, built into the marts, which must equal the simulator's truth.

It reads the session's small_pipeline: `labour run` starts the simulated API itself
(ingestion.simulator.http_api.serve_simulated_apis) when no real URL is configured.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingestion.simulator.http_api import SIMULATED_APIS
from ingestion.sources.sso_hotline.topics import TOPICS

HOTLINE = SIMULATED_APIS["sso_hotline"]


@pytest.fixture(scope="module")
def hotline_pipeline(small_pipeline: Path) -> Path:
    """The session's pipeline: `labour run` serves the simulated store for its own pull."""
    return small_pipeline


def _sql(data: Path, query: str) -> pl.DataFrame:
    with duckdb.connect(str(data / "warehouse" / "labour.duckdb"), read_only=True) as con:
        return con.sql(query).pl()


def _truth(data: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(data / "sources" / "_truth" / name, try_parse_dates=True)


def test_the_pull_wrote_one_drop_and_landed_every_contact(hotline_pipeline: Path):
    drops = list((hotline_pipeline / "sources" / "sso_hotline" / "contacts").glob("*.jsonl"))
    assert len(drops) == 1
    truth = _truth(hotline_pipeline, "hotline_contact_topics.csv")
    lake = pl.read_parquet(hotline_pipeline / "lake/raw/sso_hotline/contacts/*/*.parquet")
    assert lake.height == truth.height > 0
    assert lake.get_column("topic_model_version").n_unique() == 1


def test_monthly_mart_equals_the_truth(hotline_pipeline: Path):
    truth = _truth(hotline_pipeline, "hotline_contacts_by_month.csv")
    mart = _sql(
        hotline_pipeline,
        "select strftime(month_start, '%Y-%m') as month, menu_option, channel, "
        "sum(contacts) as contacts, sum(answered) as answered, sum(abandoned) as abandoned, "
        "sum(auto_answered) as auto_answered, "
        "sum(resolved_first_contact) as resolved_first_contact, "
        "sum(wait_seconds_answered + wait_seconds_abandoned) as wait_seconds, "
        "sum(handle_seconds) as handle_seconds "
        "from marts.mart_hotline__monthly group by all order by 1, 2, 3",
    )
    columns = [
        "contacts",
        "answered",
        "abandoned",
        "auto_answered",
        "resolved_first_contact",
        "wait_seconds",
        "handle_seconds",
    ]
    expected = truth.sort("month", "menu_option", "channel")
    assert (
        mart.select("month", "menu_option", "channel").rows()
        == expected.select("month", "menu_option", "channel").rows()
    )
    for column in columns:
        got = [int(x) for x in mart.get_column(column)]
        assert got == expected.get_column(column).to_list(), column


def test_backlog_mart_equals_the_truth(hotline_pipeline: Path):
    truth = _truth(hotline_pipeline, "hotline_backlog.csv").sort(
        "menu_option", "contact_type", "age_band"
    )
    mart = _sql(
        hotline_pipeline,
        "select as_of_date, menu_option, contact_type, age_band, open_cases "
        "from marts.mart_hotline__backlog order by menu_option, contact_type, age_band",
    )
    as_of = truth.get_column("as_of").unique().to_list()
    assert mart.get_column("as_of_date").unique().to_list() == as_of
    assert (
        mart.select("menu_option", "contact_type", "age_band").rows()
        == truth.select("menu_option", "contact_type", "age_band").rows()
    )
    assert mart.get_column("open_cases").to_list() == truth.get_column("open_cases").to_list()


def test_topics_agree_with_the_true_topics(hotline_pipeline: Path):
    truth = _truth(hotline_pipeline, "hotline_contact_topics.csv")
    fact = _sql(
        hotline_pipeline, "select contact_id, topic_code, has_text from marts.fct_hotline_contacts"
    )
    joined = fact.join(truth, on="contact_id", how="inner")
    assert joined.height == truth.height == fact.height
    assert set(joined.get_column("topic_code")) <= {*TOPICS, "unknown"}
    assert (joined.filter(~pl.col("has_text")).get_column("topic_code") == "unknown").all()
    texts = joined.filter(pl.col("has_text"))
    accuracy = (texts.get_column("topic_code") == texts.get_column("topic")).mean()
    assert accuracy >= 0.7, accuracy  # the simulator's own phrasings: above the held-out score


def test_rising_topics_and_quality_reach_the_marts(hotline_pipeline: Path):
    rising = _sql(hotline_pipeline, "select * from marts.mart_hotline__rising_topics")
    months = rising.get_column("month_start").n_unique()
    assert rising.height == months * len(TOPICS)
    classified = _sql(
        hotline_pipeline,
        "select count(*) as n from marts.fct_hotline_contacts where topic_code <> 'unknown'",
    ).item()
    assert int(rising.get_column("contacts").sum()) == classified
    latest = rising.filter(pl.col("is_latest_month"))
    assert sorted(latest.get_column("rising_rank").to_list()) == list(range(1, len(TOPICS) + 1))
    quality = _sql(
        hotline_pipeline,
        "select evaluation_set, max(macro_f1) as macro_f1, bool_and(is_current_model) as current "
        "from marts.mart_hotline__classifier_quality group by 1 order by 1",
    )
    assert quality.get_column("evaluation_set").to_list() == [
        "agent_labels",
        "hand_written",
        "held_out_templates",
    ]
    assert quality.get_column("current").all()
    assert (quality.get_column("macro_f1").cast(pl.Float64) > 0.5).all()
