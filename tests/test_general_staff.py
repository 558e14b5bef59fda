"""The general-staff dataset as a table and as claims: small fixture files, then the real ones."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import conflictdata as cd

from .conftest import SMALL_SERIES


@pytest.mark.usefixtures("small_series")
class TestTable:
    """load_general_staff: one typed row per report, corrections beside the figures."""

    def test_personnel_columns(self) -> None:
        frame = cd.load_general_staff("fixture")
        assert list(frame.columns) == [
            "date",
            "day",
            "personnel",
            "personnel_qualifier",
            "pow",
            "personnel_correction",
        ]
        assert [str(dtype) for dtype in frame.dtypes] == [
            "datetime64[ns]",
            "Int64",
            "Int64",
            "string",
            "Int64",
            "Int64",
        ]
        rows = json.loads((SMALL_SERIES / "russia_losses_personnel.json").read_text("utf-8"))
        assert list(frame["personnel"]) == [row["personnel"] for row in rows]
        assert list(frame["personnel_qualifier"]) == [row["personnel*"] for row in rows]
        assert frame["pow"].isna().sum() == len(rows) - 2

    def test_correction_explains_the_jump(self) -> None:
        frame = cd.load_general_staff("fixture").set_index("date")
        assert frame.loc["2023-06-01", "personnel_correction"] == 1650
        assert (frame["personnel_correction"] != 0).sum() == 1
        daily = frame["personnel"].diff() - frame["personnel_correction"]
        assert daily.loc["2023-06-02"] == 600

    def test_equipment_columns(self) -> None:
        frame = cd.load_general_staff("fixture", equipment=True)
        assert {"tank", "anti_aircraft_warfare", "military_auto", "submarines"} <= set(frame)
        assert str(frame["tank"].dtype) == "Int64"
        assert str(frame["greatest_losses_direction"].dtype) == "string"
        assert frame["submarines"].isna().sum() == 3  # not reported at first
        assert len(frame) == len(cd.load_general_staff("fixture"))

    def test_corrections_table(self) -> None:
        corrections = cd.general_staff_corrections("fixture")
        assert list(corrections["personnel"]) == [0, 1650]
        assert list(corrections["tank"]) == [0, -5]


@pytest.mark.usefixtures("small_series")
class TestClaims:
    """general_staff_claims: reports as cited claims whose quote states the figure."""

    def test_report_claim(self) -> None:
        (claim,) = cd.general_staff_claims("fixture", dates=["2022-03-01"])
        assert claim.claimant == "General Staff of the Armed Forces of Ukraine"
        assert (claim.claimant_side, claim.subject_side) == ("UA", "RU")
        assert claim.relation is cd.Relation.ADVERSARY
        assert (claim.population, claim.measure) == (cd.Population.MILITARY, cd.Measure.CASUALTIES)
        assert claim.measure_text == "personnel losses"
        assert (claim.qualifier, claim.qualifier_text) == (cd.Qualifier.MORE_THAN, "more")
        assert claim.value == 5710
        assert claim.stated_on == dt.date(2022, 3, 1)
        assert claim.period_end == dt.date(2022, 2, 28)
        assert claim.period_start == dt.date(2022, 2, 24)
        assert claim.basis is cd.Basis.OFFICIAL_STATEMENT
        personnel = cd.dataset("general-staff").version().file("russia_losses_personnel.json")
        assert claim.source_url == personnel.url
        assert claim.quote_states_figure()
        assert json.loads(claim.quote)["personnel"] == 5710

    def test_every_report_by_default(self) -> None:
        claims = cd.general_staff_claims("fixture")
        assert len(claims) == 7
        assert all(claim.quote_states_figure() for claim in claims)
        assert len({claim.claim_id for claim in claims}) == 7

    def test_dates_as_dates_or_text_in_the_order_given(self) -> None:
        claims = cd.general_staff_claims("fixture", dates=[dt.date(2024, 1, 1), "2023-01-01"])
        assert [claim.value for claim in claims] == [360010, 106720]
        (single,) = cd.general_staff_claims("fixture", dates="2023-01-01")
        assert single.value == 106720

    def test_correction_date_says_so(self) -> None:
        (claim,) = cd.general_staff_claims("fixture", dates=["2023-06-01"])
        assert "correction of +1,650" in claim.notes

    def test_yearly_totals(self) -> None:
        totals = cd.general_staff_claims("fixture", yearly=True)
        assert [(c.period_start, c.period_end, c.value) for c in totals] == [
            (dt.date(2022, 2, 24), dt.date(2022, 12, 31), 106720),
            (dt.date(2023, 1, 1), dt.date(2023, 12, 31), 253290),
        ]
        assert totals[1].stated_on == dt.date(2024, 1, 1)
        assert "2023-06-01 (+1,650)" in totals[1].notes
        assert totals[0].quote_states_figure()

    def test_no_report_on_that_date(self) -> None:
        with pytest.raises(ValueError, match="no report dated '2022-02-24'"):
            cd.general_staff_claims("fixture", dates=["2022-02-24"])

    def test_dates_and_yearly_together(self) -> None:
        with pytest.raises(ValueError, match="not both"):
            cd.general_staff_claims("fixture", dates=["2023-01-01"], yearly=True)

    def test_claims_flow_into_tables(self) -> None:
        frame = cd.claims_to_frame(cd.general_staff_claims("fixture"))
        assert cd.claims_from_frame(frame) == cd.general_staff_claims("fixture")


@pytest.mark.usefixtures("upstream")
class TestRealSeries:
    """The registered versions, served from byte-exact upstream copies: the issue's numbers."""

    @pytest.mark.parametrize("version", ["2026-08-08", "2026-02-24"])
    def test_every_file_matches_the_registry(self, version: str) -> None:
        for file in cd.dataset("general-staff").version(version).files:
            path = cd.fetch("general-staff", version, file=file.name)
            assert len(json.loads(path.read_text(encoding="utf-8"))) == file.rows

    def test_newest_version(self) -> None:
        frame = cd.load_general_staff()
        assert len(frame) == 1626
        assert frame["personnel"].iloc[-1] == 1_456_610
        assert frame["date"].iloc[-1] == pd.Timestamp("2026-08-08")
        assert frame["personnel"].is_monotonic_increasing
        assert (frame["personnel_qualifier"] == "more").sum() == 6
        assert list(frame.loc[frame["personnel_correction"] != 0, "personnel_correction"]) == [
            1650,
            160,
        ]

    def test_older_version(self) -> None:
        frame = cd.load_general_staff("2026-02-24", equipment=True)
        assert len(frame) == 1461
        assert frame["date"].iloc[-1] == pd.Timestamp("2026-02-24")
        assert frame["tank"].notna().all()

    def test_yearly_totals_match_the_general_staff_own(self) -> None:
        totals = {c.period_end.year: c.value for c in cd.general_staff_claims(yearly=True)}
        assert totals == {2022: 106_720, 2023: 253_290, 2024: 430_790, 2025: 418_170}

    def test_last_report_as_a_claim(self) -> None:
        (claim,) = cd.general_staff_claims(dates=["2026-08-08"])
        assert claim.value == 1_456_610
        assert claim.quote_states_figure()
        assert "37655f8bbdd6806d2f94416253116b02a750c97b" in claim.source_url
