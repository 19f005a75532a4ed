import polars as pl
import pytest

from ingestion.thai import Province, UnknownProvinceError, normalise_province, province_codes
from ingestion.thai import provinces as all_provinces


def test_77_provinces_with_pycountry_corrections():
    ps = all_provinces()
    assert len(ps) == 77
    assert all(isinstance(p, Province) for p in ps)
    by_code = {p.code: p for p in ps}
    assert "TH-S" not in by_code  # Pattaya is a city, not a province
    assert by_code["TH-10"].name_th == "กรุงเทพมหานคร"
    assert by_code["TH-10"].name_en == "Bangkok"
    assert by_code["TH-38"].name_th == "บึงกาฬ"
    assert by_code["TH-39"].name_th == "หนองบัวลำภู"
    assert by_code["TH-96"].name_th == "นราธิวาส"
    assert by_code["TH-16"].name_en == "Lop Buri"
    assert len({p.name_th for p in ps}) == 77
    assert len({p.name_en for p in ps}) == 77
    for p in ps:
        assert p.code == f"TH-{p.numeric}"
        assert len(p.numeric) == 2 and p.numeric.isdigit()
        assert all("\u0e00" <= c <= "\u0e7f" for c in p.name_th)


def test_nso_regions():
    ps = all_provinces()
    counts: dict[str, int] = {}
    for p in ps:
        counts[p.region_en] = counts.get(p.region_en, 0) + 1
    assert counts == {"Bangkok": 1, "Central": 25, "North": 17, "Northeast": 20, "South": 14}
    region = {p.code: (p.region_th, p.region_en) for p in ps}
    assert region["TH-10"] == ("กรุงเทพมหานคร", "Bangkok")
    assert region["TH-20"] == ("ภาคกลาง", "Central")  # East is in NSO's Central
    assert region["TH-71"] == ("ภาคกลาง", "Central")  # West too
    assert region["TH-60"] == ("ภาคเหนือ", "North")  # Nakhon Sawan: NSO North
    assert region["TH-67"] == ("ภาคเหนือ", "North")
    assert region["TH-38"] == ("ภาคตะวันออกเฉียงเหนือ", "Northeast")
    assert region["TH-86"] == ("ภาคใต้", "South")


def test_every_official_name_code_and_abbreviation_round_trips():
    for p in all_provinces():
        for spelling in (
            p.code,
            p.numeric,
            p.name_th,
            p.name_en,
            p.code.lower(),
            p.name_en.upper(),
        ):
            assert normalise_province(spelling) == p.code, spelling
        assert normalise_province(f"จังหวัด{p.name_th}") == p.code
        assert normalise_province(f"จ.{p.name_th}") == p.code
        assert normalise_province(f" {p.name_th} 1/") == p.code
        assert normalise_province(f"{p.name_th}2/") == p.code
        assert normalise_province(f"{p.name_en} Province") == p.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("กรุงเทพมหานคร", "TH-10"),
        ("กรุงเทพฯ", "TH-10"),
        ("กรุงเทพ", "TH-10"),
        ("กทม.", "TH-10"),
        ("กทม", "TH-10"),
        ("Bangkok", "TH-10"),
        ("BANGKOK", "TH-10"),
        ("Krung Thep Maha Nakhon", "TH-10"),
        ("krung-thep-maha-nakhon", "TH-10"),
        ("กรุงเทพมหานคร 1/", "TH-10"),
        ("กรุงเทพมหานคร1/ 2/", "TH-10"),
        ("10", "TH-10"),
        ("๑๐", "TH-10"),
        ("TH-10", "TH-10"),
        ("th10", "TH-10"),
        ("TH 10", "TH-10"),
        ("TH-๑๐", "TH-10"),
        ("Lopburi", "TH-16"),
        ("Lop Buri", "TH-16"),
        ("ลพบุรี", "TH-16"),
        ("Chon Buri", "TH-20"),
        ("Chonburi", "TH-20"),
        ("chonburi ", "TH-20"),
        ("เชียงใหม่2/", "TH-50"),
        ("จ.เชียงใหม่", "TH-50"),
        ("จ. เชียงใหม่", "TH-50"),
        ("ชม", "TH-50"),
        ("Chiang Mai", "TH-50"),
        ("ล าปาง", "TH-52"),  # split sara am from PDF text extraction
        ("ลําปาง", "TH-52"),  # nikhahit + sara aa
        ("ก าแพงเพชร", "TH-62"),
        ("อ านาจเจริญ", "TH-37"),
        ("หนองบัวล าภู", "TH-39"),
        ("หนองบัวลำพู", "TH-39"),  # pycountry's misspelling, accepted as input
        ("Nong Bua Lamphu", "TH-39"),
        ("บึงกาฬ", "TH-38"),
        ("Bueng Kan", "TH-38"),
        ("Korat", "TH-30"),
        ("อยุธยา", "TH-14"),
        ("Ayutthaya", "TH-14"),
        ("Phangnga", "TH-82"),
        ("Phang Nga", "TH-82"),
        ("จบ", "TH-22"),  # abbreviation starting with จ
        ("จ.บ.", "TH-22"),
        ("สฎ", "TH-84"),
        ("\tสงขลา\n", "TH-90"),
        ("Changwat Songkhla", "TH-90"),
        ("ตาก*", "TH-63"),
    ],
)
def test_normalise_province(text, code):
    assert normalise_province(text) == code


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("จังหวัด", "empty"),
        ("Atlantis", "not a known"),
        ("99", "not a known"),
        ("00", "not a known"),
        ("TH-28", "not a known"),
        ("1", "not a known"),
        ("100", "not a known"),
        ("Nakhon", "not a known"),  # ambiguous: many provinces start with Nakhon
        ("นคร", "not a known"),
        ("Buri", "not a known"),
        ("Chiang", "not a known"),
        ("Bangkok Bangkok", "not a known"),
        ("เชียงใหม", "not a known"),  # a near miss is not guessed
        ("Chiang Maii", "not a known"),
        ("ลาปาง", "not a known"),  # sara am lost entirely: not guessed
        ("ภาคกลาง", "not a known"),  # a region, not a province
        ("พัทยา", "city"),
        ("Pattaya", "city"),
        ("TH-S", "city"),
        ("เบตง", "district"),
        ("-", "empty"),
    ],
)
def test_normalise_province_unknown(text, reason):
    with pytest.raises(UnknownProvinceError) as exc:
        normalise_province(text)
    assert reason in str(exc.value)
    assert repr(text) in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_normalise_province_non_string():
    with pytest.raises(UnknownProvinceError):
        normalise_province(None)  # type: ignore[arg-type]


def test_province_codes_agrees_with_scalar():
    values = ["กทม.", "Chonburi", "ล าปาง", "Atlantis", None, "", "๕๐", "พัทยา", "กทม."]
    out = province_codes(pl.Series("prov", values))
    assert out.name == "prov"
    assert out.dtype == pl.String

    def scalar(v):
        try:
            return normalise_province(v)
        except UnknownProvinceError:
            return None

    assert out.to_list() == [scalar(v) if v is not None else None for v in values]
    assert out.to_list() == ["TH-10", "TH-20", "TH-52", None, None, None, "TH-50", None, "TH-10"]


def test_province_codes_edge_cases():
    assert province_codes(pl.Series([], dtype=pl.String)).to_list() == []
    assert province_codes(pl.Series([None], dtype=pl.String)).to_list() == [None]
    # numeric input column
    assert province_codes(pl.Series([10, 50])).to_list() == ["TH-10", "TH-50"]


def test_every_province_list_is_the_one_home():
    """quality's reference codes and the LFS region labels come from ingestion.thai.provinces
    (the simulator keeps its own spellings on purpose: it shares no code with the readers)."""
    from ingestion.sources.nso_lfs import labour_force
    from quality.reference import PROVINCE_CODES

    ps = all_provinces()
    assert {p.code for p in ps} == PROVINCE_CODES
    assert set(labour_force.REGIONS) == {p.region_th for p in ps}
    assert labour_force.N_PROVINCES == len(ps) == 77


@pytest.mark.parametrize(
    ("label", "stripped"),
    [
        ("กรุงเทพมหานคร 1/", "กรุงเทพมหานคร"),
        ("เชียงใหม่2/", "เชียงใหม่"),
        ("ชลบุรี2/ *", "ชลบุรี"),
        ("ตาก (3)", "ตาก"),
        ("มาตรา ๓๓ ๑/", "มาตรา ๓๓"),
        ("10", "10"),
        ("TH-10", "TH-10"),
    ],
)
def test_footnote_marks_have_one_rule(label, stripped):
    from ingestion.sources.nso_lfs import labour_force
    from ingestion.thai.labels import strip_footnote

    assert strip_footnote(label) == stripped
    assert labour_force.strip_footnote is strip_footnote
