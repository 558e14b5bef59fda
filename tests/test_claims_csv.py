"""Claims CSV: lossless round trips, and errors that name file, row and field."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings

import conflictdata as cd
from conflictdata.schema.claims_csv import COLUMN_NAMES

from . import strategies

if TYPE_CHECKING:
    from pathlib import Path


class TestRoundTrip:
    """records -> CSV -> records gives the same records."""

    @given(strategies.claim_lists())
    def test_text_round_trip(self, claims: list[cd.Claim]) -> None:
        stream = io.StringIO()
        cd.write_claims_csv(claims, stream)
        assert cd.parse_claims_csv(stream.getvalue()) == tuple(claims)

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
    @given(strategies.claim_lists())
    def test_file_round_trip(self, tmp_path: Path, claims: list[cd.Claim]) -> None:
        path = tmp_path / "claims.csv"
        cd.write_claims_csv(claims, path)
        assert cd.read_claims_csv(path) == tuple(claims)

    def test_bundled_file_is_written_back_byte_for_byte(self, tmp_path: Path) -> None:
        from importlib import resources

        bundled = resources.files("conflictdata") / "data" / f"claims-{cd.CLAIMS_VERSION}.csv"
        out = tmp_path / "again.csv"
        cd.write_claims_csv(cd.claims(), out)
        assert out.read_bytes() == bundled.read_bytes()


def _csv_with(cell: str, value: str) -> str:
    stream = io.StringIO()
    cd.write_claims_csv(cd.claims()[:3], stream)
    lines = stream.getvalue().splitlines()
    header = lines[0].split(",")
    import csv

    rows = list(csv.reader(lines))
    rows[2][header.index(cell)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


class TestErrors:
    """Bad files raise DataValidationError naming file, row, claim and field."""

    @pytest.mark.parametrize(
        ("cell", "value", "expected"),
        [
            ("value", "12,000", "without separators"),
            ("measure", "dead", "one of: killed"),
            ("stated_on", "yesterday", "ISO 8601"),
            ("quote", "", "required"),
        ],
    )
    def test_bad_cell(self, cell: str, value: str, expected: str) -> None:
        text = _csv_with(cell, value)
        with pytest.raises(cd.DataValidationError) as caught:
            cd.parse_claims_csv(text, source="claims.csv")
        error = caught.value
        assert (error.file, error.row, error.field) == ("claims.csv", 3, cell)
        assert error.claim_id == cd.claims()[1].claim_id
        assert str(error).startswith(f"claims.csv, row 3: claim {error.claim_id!r}: field {cell!r}")
        assert expected in str(error)

    def test_duplicate_id(self) -> None:
        text = _csv_with("claim_id", cd.claims()[0].claim_id)
        with pytest.raises(
            cd.DataValidationError, match=r"row 3.*duplicate claim_id, first used in row 2"
        ):
            cd.parse_claims_csv(text, source="claims.csv")

    def test_wrong_header(self) -> None:
        with pytest.raises(cd.DataValidationError, match=r"claims.csv, row 1: the header must be"):
            cd.parse_claims_csv("a,b\n1,2\n", source="claims.csv")

    def test_short_row(self) -> None:
        text = ",".join(COLUMN_NAMES) + "\nonly,three,cells\n"
        with pytest.raises(
            cd.DataValidationError, match=f"row 2: expected {len(COLUMN_NAMES)} cells, found 3"
        ):
            cd.parse_claims_csv(text, source="claims.csv")

    def test_error_names_file_path(self, tmp_path: Path) -> None:
        path = tmp_path / "mine.csv"
        path.write_text(_csv_with("basis", "gossip"), encoding="utf-8")
        with pytest.raises(cd.DataValidationError, match=r"mine\.csv, row 3: .*field 'basis'"):
            cd.read_claims_csv(path)


class TestTableSchema:
    """The Frictionless Table Schema follows the claim schema column by column."""

    def test_fields_follow_columns(self) -> None:
        schema = cd.claims_table_schema()
        assert [f["name"] for f in schema["fields"]] == list(COLUMN_NAMES)
        by_name = {f["name"]: f for f in schema["fields"]}
        assert by_name["value"]["type"] == "integer"
        assert by_name["value"]["constraints"] == {
            "required": False,
            "minimum": 0,
            "maximum": cd.MAX_COUNT,
        }
        assert by_name["stated_on"]["type"] == "date"
        assert by_name["basis"]["constraints"]["enum"] == [b.value for b in cd.Basis]
        assert schema["primaryKey"] == ["claim_id"]

    def test_required_columns_are_filled_in_bundled_data(self) -> None:
        required = [
            f["name"] for f in cd.claims_table_schema()["fields"] if f["constraints"]["required"]
        ]
        for cells in map(cd.claim_cells, cd.claims()):
            assert all(cells[name] for name in required)
