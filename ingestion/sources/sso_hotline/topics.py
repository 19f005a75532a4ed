"""The topic of a hotline 1506 contact, from the caller's free Thai text.

Public API::

    >>> from ingestion.sources.sso_hotline.topics import classify
    >>> classify(["ลาออกจากงานมา 2 เดือน จะขอเงินว่างงานยังไงคะ", "work permit หมดอายุ"])
    ['unemployment', 'work_permit']

:func:`classify` returns one of :data:`TOPICS` per text (``other`` for an empty text). Landing
calls it (ingestion/sources/sso_hotline/contacts.py), so every lake row carries its
``topic_code`` and the :func:`model_version` that gave it.

The model, transparent on purpose (:func:`top_features` lists what it learned per topic):

* text normalisation: lower case, Thai digits → Arabic (ingestion.thai), masked IDs removed,
  letters typed three times or more (``ค่าาาา``) kept once;
* features: TF-IDF of pythainlp ``newmm`` word tokens (unigrams and bigrams; the dictionary
  ships in the wheel, offline per DESIGN.md) **plus** TF-IDF of character 2-4-grams within
  words, which carries misspellings (``ประกันสังคน``) and unsegmented text;
* a multinomial logistic regression (scikit-learn), trained on the ``train`` split of the
  labelled corpus ``training_texts.csv`` (simulated caller texts written by
  ``python -m ingestion.simulator.sso_hotline --corpus …``).

It is **trained at first use**, in a second or two, not shipped as a pickle: the training is
deterministic (fixed corpus, a solver without randomness), a pickle would tie the lake to one
scikit-learn version and is code that runs on load, and the corpus (a reviewable CSV) is the
artifact. :func:`model_version` names the model by the digest of its corpus and settings.

How far to trust it (:func:`evaluate`, written to the warehouse seed
``ref_hotline_classifier_quality.csv`` by ``python -m ingestion.sources.sso_hotline.topics
--quality-seed …``): macro-F1 on the corpus's ``test`` split, whose texts come from phrasing
templates the model never saw, and on ``eval_callers.csv``, caller texts written by hand, not
from the simulator, so that a model leaning on the simulator's own phrasings shows it.
docs/hotline-classifier.md has the numbers and the reasoning.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# ingestion.thai applies the offline pythainlp settings (ingestion/thai/_offline.py) on import,
# before pythainlp itself is first imported (in `words`)
from ingestion.thai import ID_MASK, to_arabic_digits

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "training_texts.csv"
HAND_WRITTEN = HERE / "eval_callers.csv"

TOPICS = (
    "unemployment",
    "medical",
    "maternity_child",
    "old_age",
    "contributions",
    "work_injury",
    "labour_protection",
    "job_seeking",
    "work_permit",
    "other",
)
FALLBACK = "other"  # the topic of an empty text
MODEL_NAME = "newmm-tfidf-logreg"
#: the model's settings: part of its version (change one, the version changes)
SETTINGS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 4),
    "min_df": 2,
    "C": 4.0,
    "class_weight": "balanced",
}
#: evaluation sets, in the order the quality seed lists them
EVALUATIONS = ("held_out_templates", "hand_written")

_REPEATS = re.compile(r"(.)\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """What the model reads: lower case, Arabic digits, no masked IDs, no letters repeated
    for emphasis, single spaces."""
    if not text:
        return ""
    t = to_arabic_digits(text).lower().replace(ID_MASK, " ")
    t = _REPEATS.sub(r"\1", t)
    return _SPACES.sub(" ", t).strip()


def words(text: str) -> list[str]:
    """``newmm`` word tokens of a normalised text, spaces and lone punctuation left out."""
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(text, engine="newmm") if w.strip() and not _punct(w)]


def _punct(token: str) -> bool:
    return all(not ch.isalnum() for ch in token)


def _analyse(text: str) -> list[str]:
    """Word unigrams and bigrams (the vectoriser's analyser: ``text`` is normalised)."""
    tokens = words(text)
    low, high = SETTINGS["word_ngrams"]
    out: list[str] = []
    for n in range(low, high + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


@dataclass(frozen=True)
class Model:
    """The fitted pipeline and its name."""

    pipeline: object  # sklearn Pipeline: features → LogisticRegression
    version: str

    def predict(self, texts: Sequence[str | None]) -> list[str]:
        clean = [normalise(t) for t in texts]
        out = [FALLBACK] * len(clean)
        idx = [i for i, t in enumerate(clean) if t]
        if idx:
            predicted = self.pipeline.predict([clean[i] for i in idx])
            for i, topic in zip(idx, predicted, strict=True):
                out[i] = str(topic)
        return out


def _read(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(texts, topics, splits) of a labelled CSV (``split`` defaults to ``all``)."""
    import polars as pl

    frame = pl.read_csv(path, infer_schema=False)
    splits = frame.get_column("split") if "split" in frame.columns else ["all"] * frame.height
    return frame.get_column("text").to_list(), frame.get_column("topic").to_list(), list(splits)


def _version() -> str:
    digest = hashlib.sha256(CORPUS.read_bytes())
    digest.update(repr(sorted(SETTINGS.items())).encode())
    return f"{MODEL_NAME}-{digest.hexdigest()[:10]}"


def fit(texts: Sequence[str], topics: Sequence[str]):
    """A fitted pipeline on labelled texts (deterministic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(analyzer=_analyse, min_df=SETTINGS["min_df"], sublinear_tf=True),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=SETTINGS["char_ngrams"],
                    min_df=SETTINGS["min_df"],
                    sublinear_tf=True,
                ),
            ),
        ]
    )
    classifier = LogisticRegression(
        C=SETTINGS["C"], class_weight=SETTINGS["class_weight"], max_iter=5000
    )
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    pipeline.fit([normalise(t) for t in texts], list(topics))
    return pipeline


@cache
def model() -> Model:
    """The model landing uses: trained once per process on the corpus's ``train`` split."""
    texts, topics, splits = _read(CORPUS)
    train = [i for i, s in enumerate(splits) if s == "train"]
    pipeline = fit([texts[i] for i in train], [topics[i] for i in train])
    return Model(pipeline, _version())


def classify(texts: list[str]) -> list[str]:
    """The topic code of each text: one of :data:`TOPICS` (``other`` for an empty text or
    ``None``). Deterministic; the first call trains the model (a second or two)."""
    return model().predict(texts)


def model_version() -> str:
    """The name of the model :func:`classify` uses, e.g. ``newmm-tfidf-logreg-3f9c0a1b2d``."""
    return model().version


# ------------------------------------------------------------------ how far to trust it


@dataclass(frozen=True)
class TopicScore:
    topic: str
    support: int  # texts of this topic in the set
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Evaluation:
    name: str
    texts: int
    accuracy: float
    macro_f1: float  # unweighted mean of the topics' F1
    topics: tuple[TopicScore, ...]


def score(name: str, truth: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    """Per-topic precision, recall and F1, accuracy and macro-F1 of ``predicted``."""
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(
        truth, predicted, labels=list(TOPICS), zero_division=0
    )
    topics = tuple(
        TopicScore(t, int(s[i]), float(p[i]), float(r[i]), float(f[i]))
        for i, t in enumerate(TOPICS)
    )
    present = [ts.f1 for ts in topics if ts.support]
    return Evaluation(
        name,
        len(truth),
        float(accuracy_score(truth, predicted)),
        sum(present) / len(present),
        topics,
    )


def evaluate() -> tuple[Evaluation, ...]:
    """The model's scores on the held-out templates and on the hand-written texts."""
    texts, topics, splits = _read(CORPUS)
    held_out = [i for i, s in enumerate(splits) if s == "test"]
    m = model()
    held = score(
        EVALUATIONS[0],
        [topics[i] for i in held_out],
        m.predict([texts[i] for i in held_out]),
    )
    hand_texts, hand_topics, _ = _read(HAND_WRITTEN)
    hand = score(EVALUATIONS[1], hand_topics, m.predict(hand_texts))
    return held, hand


def quality_table(evaluations: Sequence[Evaluation], version: str):
    """The quality seed: one row per evaluation set and topic (polars DataFrame)."""
    import polars as pl

    rows = [
        {
            "model_version": version,
            "evaluation_set": e.name,
            "topic_code": t.topic,
            "texts_in_set": e.texts,
            "topic_texts": t.support,
            "precision_score": round(t.precision, 4),
            "recall_score": round(t.recall, 4),
            "f1_score": round(t.f1, 4),
            "accuracy": round(e.accuracy, 4),
            "macro_f1": round(e.macro_f1, 4),
        }
        for e in evaluations
        for t in e.topics
    ]
    return pl.DataFrame(rows)


def top_features(topic: str, k: int = 15) -> list[tuple[str, float]]:
    """The ``k`` features that weigh most for ``topic`` (word n-grams as ``w:…``, character
    n-grams as ``c:…``), with their weights: what the model learned, for people to read."""
    pipeline = model().pipeline
    features = pipeline.named_steps["features"]
    names = [
        ("w:" if name == "words" else "c:") + f
        for name, vec in features.transformer_list
        for f in vec.get_feature_names_out()
    ]
    classifier = pipeline.named_steps["classifier"]
    row = list(classifier.classes_).index(topic)
    weights = classifier.coef_[row]
    best = sorted(range(len(names)), key=lambda i: -weights[i])[:k]
    return [(names[i], float(weights[i])) for i in best]


def main() -> None:
    """``python -m ingestion.sources.sso_hotline.topics [--quality-seed PATH]``: print the
    scores (and write the warehouse's quality seed)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m ingestion.sources.sso_hotline.topics")
    ap.add_argument("--quality-seed", type=Path, help="write the dbt seed CSV here")
    a = ap.parse_args()
    evaluations = evaluate()
    for e in evaluations:
        print(f"{e.name}: {e.texts} texts, macro-F1 {e.macro_f1:.3f}, accuracy {e.accuracy:.3f}")
        for t in e.topics:
            scores = f"P={t.precision:.2f} R={t.recall:.2f} F1={t.f1:.2f}"
            print(f"  {t.topic:18} n={t.support:4}  {scores}")
    if a.quality_seed:
        table = quality_table(evaluations, model_version())
        a.quality_seed.write_bytes(table.write_csv(None).encode("utf-8"))
        print(f"wrote {a.quality_seed}")


if __name__ == "__main__":
    main()
