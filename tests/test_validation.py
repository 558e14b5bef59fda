"""Users' own claims files: every problem at once, by the records' own rules; a reader that fails
only with DataValidationError; a writer whose every file reads back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata.schema.validation import COLUMN_NAMES

from . import strategies

if TYPE_CHECKING:
    from pathlib import Path


def csv_text(claims: list[cd.Claim] | tuple[cd.Claim, ...]) -> str:
    stream = io.StringIO()
    cd.write_claims_csv(claims, stream)
    return stream.getvalue()


def rows_of(claims: list[cd.Claim] | tuple[cd.Claim, ...]) -> list[dict[str, str]]:
    return [cd.claim_cells(claim) for claim in claims]


def text_of(rows: list[dict[str, str]]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue()


def report_of(text: str) -> cd.ValidationReport:
    return cd.validate_claims(io.StringIO(text))


class TestBundledAndUserFiles:
    """validate and read_claims work on the bundled file and on a user's file with many faults."""

    def test_bundled_file_is_clean_and_reads_as_claims(self) -> None:
        path = cd.fetch("claims")
        report = cd.validate_claims(path)
        assert report.clean
        assert report.rows == len(cd.claims())
        assert cd.read_claims(path) == cd.claims()

    def test_every_fault_is_reported_at_once_with_line_column_value_and_allowed(self) -> None:
        rows = rows_of(cd.claims()[:6])
        rows[0]["quote"] = rows[0]["quote"] + "\nsecond line"  # row 2 spans lines 2 and 3
        rows[1]["measure"] = "dead"  # line 4
        rows[1]["value"] = "12,000"  # line 4, same row
        rows[2]["stated_on"] = "yesterday"  # line 5
        rows[3]["period_end"] = "2022-01-01"  # line 6, before period_start
        rows[4]["claim_id"] = rows[0]["claim_id"]  # line 7, duplicate
        rows[5]["subject_side"] = "XX"  # line 8
        report = report_of(text_of(rows))
        found = {(p.line, p.column, p.value) for p in report.errors}
        assert found == {
            (4, "measure", "dead"),
            (4, "value", "12,000"),
            (5, "stated_on", "yesterday"),
            (6, "period_end", "2022-01-01"),
            (7, "claim_id", rows[0]["claim_id"]),
            (8, "subject_side", "XX"),
        }
        allowed = {p.column: p.allowed for p in report.errors}
        assert allowed["measure"].startswith("one of: killed, wounded")
        assert allowed["subject_side"] == "one of: UA, RU"
        assert "on or after period_start" in allowed["period_end"]
        assert [p.line for p in report.problems] == sorted(p.line for p in report.problems)

    def test_read_claims_raises_the_first_or_collects_every_error(self) -> None:
        rows = rows_of(cd.claims()[:3])
        rows[1]["basis"] = "gossip"
        rows[2]["population"] = "soldiers"
        text = text_of(rows)
        with pytest.raises(cd.DataValidationError) as first:
            cd.read_claims(io.StringIO(text))
        assert (first.value.row, first.value.field) == (3, "basis")
        with pytest.raises(cd.InvalidClaimsFileError) as every:
            cd.read_claims(io.StringIO(text), errors="collect")
        assert isinstance(every.value, cd.DataValidationError)
        assert [(p.line, p.column) for p in every.value.problems] == [
            (3, "basis"),
            (4, "population"),
        ]
        assert "line 3" in str(every.value)
        assert "line 4" in str(every.value)

    def test_warnings_for_implausible_values(self) -> None:
        rows = rows_of(cd.claims()[:4])
        rows[0]["source_url"] = "ftp://example.org/file"
        rows[1]["notes"] = "a\x00b"
        rows[2]["quote"] = "no figure in here"
        rows[3]["quote_language"] = "english"
        report = report_of(text_of(rows))
        assert report.errors == ()
        assert {(p.line, p.column) for p in report.warnings} == {
            (2, "source_url"),
            (3, "notes"),
            (4, "quote"),
            (5, "quote_language"),
        }
        assert cd.read_claims(io.StringIO(text_of(rows)))  # warnings do not stop reading

    def test_a_clean_file_passes_exactly_when_its_rows_make_claims(self) -> None:
        rows = rows_of(cd.claims()[:2])
        rows[1]["qualifier"] = "between"  # value but no low/high: a rule between fields
        report = report_of(text_of(rows))
        assert [(p.line, p.column) for p in report.errors] == [
            (3, "low"),
            (3, "high"),
            (3, "value"),
        ]


class TestUserFilesInLoaders:
    """load_claims(path=) and claims(path=) read a user's file; its ids stay apart from ours."""

    def test_claims_and_frame_of_a_user_file(self, tmp_path: Path) -> None:
        path = tmp_path / "mine.csv"
        mine = [strategies.example_claim("mine-1"), strategies.example_claim("mine-2")]
        cd.write_claims_csv(mine, path)
        assert cd.claims(path=path) == tuple(mine)
        pd.testing.assert_frame_equal(cd.load_claims(path=path), cd.claims_to_frame(mine))
        both = cd.claims(path=path, with_bundled=True)
        assert both == (*cd.claims(), *mine)
        pd.testing.assert_frame_equal(
            cd.load_claims(path=path, with_bundled=True), cd.claims_to_frame(both)
        )

    def test_an_id_clash_with_the_bundled_data_names_both(self, tmp_path: Path) -> None:
        taken = cd.claims()[0].claim_id
        path = tmp_path / "mine.csv"
        cd.write_claims_csv([strategies.example_claim(taken)], path)
        for load in (cd.claims, cd.load_claims):
            with pytest.raises(cd.DataValidationError) as caught:
                load(path=path, with_bundled=True)
            message = str(caught.value)
            assert taken in message
            assert str(path) in message
            assert f"claims-{cd.CLAIMS_VERSION}.csv" in message


class TestBounds:
    """The schema refuses counts and dates the tables cannot hold (issue 11, fault 1)."""

    @pytest.mark.parametrize("value", [2**63, cd.MAX_COUNT + 1])
    def test_count_too_large(self, value: int) -> None:
        with pytest.raises(cd.DataValidationError, match="no greater than 10,000,000,000"):
            strategies.example_claim("big", value=value)

    @pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1600, 5, 1), dt.date(9999, 1, 1)])
    def test_date_out_of_bounds(self, day: dt.date) -> None:
        with pytest.raises(cd.DataValidationError, match="a date from 1900-01-01 to 2199-12-31"):
            strategies.example_claim("old", stated_on=day)

    def test_the_largest_allowed_values_survive_the_table_and_consensus(self) -> None:
        claim = strategies.example_claim(
            "edge",
            value=cd.MAX_COUNT,
            period_start=cd.EARLIEST_DATE,
            period_end=cd.LATEST_DATE,
            stated_on=cd.LATEST_DATE,
        )
        frame = cd.claims_to_frame([claim])
        assert frame["value"].iloc[0] == cd.MAX_COUNT
        assert frame["period_end"].iloc[0] == pd.Timestamp(cd.LATEST_DATE)
        cd.plausible_ranges(frame)
        cd.consensus([claim], on=cd.LATEST_DATE)

    def test_a_huge_number_in_a_file_is_a_validation_error(self) -> None:
        rows = rows_of(cd.claims()[:1])
        rows[0]["value"] = "9" * 5000  # int() of it raises a plain ValueError
        with pytest.raises(cd.DataValidationError) as caught:
            cd.read_claims(io.StringIO(text_of(rows)), source="big.csv")
        assert (caught.value.file, caught.value.row, caught.value.field) == ("big.csv", 2, "value")


class TestReaderFaults:
    """Bad bytes and oversized cells are DataValidationError naming the file and line."""

    def good_bytes(self) -> bytes:
        return csv_text(cd.claims()[:3]).encode("utf-8")

    def test_a_utf8_bom_and_crlf_line_ends_are_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "excel.csv"
        path.write_bytes(b"\xef\xbb\xbf" + self.good_bytes().replace(b"\n", b"\r\n"))
        assert cd.read_claims(path) == cd.claims()[:3]

    def test_utf16(self, tmp_path: Path) -> None:
        path = tmp_path / "wide.csv"
        path.write_bytes(self.good_bytes().decode("utf-8").encode("utf-16"))
        with pytest.raises(cd.DataValidationError, match=r"wide\.csv, row 1: .*UTF-16"):
            cd.read_claims(path)

    def test_utf16_without_a_byte_order_mark(self, tmp_path: Path) -> None:
        path = tmp_path / "wide.csv"
        path.write_bytes(self.good_bytes().decode("utf-8").encode("utf-16-le"))
        with pytest.raises(cd.DataValidationError, match=r"wide\.csv, row 1: .*UTF-16"):
            cd.read_claims(path)

    def test_a_byte_that_is_not_utf8_is_located(self, tmp_path: Path) -> None:
        path = tmp_path / "latin.csv"
        lines = self.good_bytes().split(b"\n")
        lines[2] = lines[2].replace(b",", b",\xe9", 1)
        path.write_bytes(b"\n".join(lines))
        with pytest.raises(cd.DataValidationError, match=r"latin\.csv, row 3: .*not UTF-8"):
            cd.read_claims(path)

    def test_a_field_over_the_csv_size_limit(self, tmp_path: Path) -> None:
        rows = rows_of(cd.claims()[:2])
        rows[1]["notes"] = "x" * (csv.field_size_limit() + 1)
        path = tmp_path / "huge.csv"
        path.write_text(text_of(rows), encoding="utf-8")
        with pytest.raises(cd.DataValidationError, match=r"huge\.csv, row 3: .*field larger"):
            cd.read_claims(path)

    @pytest.mark.parametrize("text", ["", "\n", "claim_id\n", "a,b\n1,2\n"])
    def test_empty_file_or_wrong_header(self, text: str) -> None:
        report = report_of(text)
        assert [(p.line, p.severity) for p in report.problems] == [(1, "error")]


_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda text: text.strip() != ""
)


class TestWriterRoundTrip:
    """Every text the writer accepts reads back (issue 11, fault 2: a bare carriage return)."""

    def test_a_bare_carriage_return(self) -> None:
        claim = attrs.evolve(cd.claims()[0], notes="before\rafter", quote="x\r55,000")
        assert cd.parse_claims_csv(csv_text([claim])) == (claim,)

    @given(
        st.sampled_from(["claimant", "measure_text", "source_title", "quote", "notes", "scope"]),
        _ANY_TEXT,
    )
    def test_arbitrary_text_round_trips(self, field: str, text: str) -> None:
        claim = attrs.evolve(cd.claims()[0], **{field: text})
        assert cd.parse_claims_csv(csv_text([claim])) == (claim,)

    def test_spreadsheet_safe_cells(self) -> None:
        claim = attrs.evolve(
            cd.claims()[0], notes="=1+1", claimant="@SUM(A1)", scope="-x", quote="+55,000"
        )
        stream = io.StringIO()
        cd.write_claims_csv([claim], stream, spreadsheet_safe=True)
        back = cd.parse_claims_csv(stream.getvalue())[0]
        assert (back.notes, back.claimant, back.scope, back.quote) == (
            "'=1+1",
            "'@SUM(A1)",
            "'-x",
            "'+55,000",
        )
        assert cd.parse_claims_csv(csv_text([claim])) == (claim,)  # off by default

    def test_a_lone_sign_is_no_formula_and_kept(self) -> None:
        claim = attrs.evolve(cd.claims()[0], qualifier_text="-", notes="+")
        stream = io.StringIO()
        cd.write_claims_csv([claim], stream, spreadsheet_safe=True)
        assert cd.parse_claims_csv(stream.getvalue()) == (claim,)


_FIELD_NAMES = [column.name for column in cd.CLAIM_COLUMNS]
_ODD_CELLS = st.sampled_from(
    [
        "",
        " ",
        "-1",
        "1e3",
        "NaN",
        "inf",
        "0",
        "99999999999",
        "2022-02-24",
        "2022-13-01",
        "20220224",
        "24/02/2022",
        "1899-12-31",
        "day",
        "month",
        "year",
        "Killed",
        "kiled",
        "between",
        "exact",
        "UA",
        "RU",
        "third_party",
        "russia-ukraine",
        "a\nb",
        "https://example.org",
        "javascript:x",
        "\x00",
    ]
)


class TestOneSetOfRules:
    """A row is clean of errors exactly when it makes a Claim; valid claims survive the method."""

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        strategies.claims, st.dictionaries(st.sampled_from(_FIELD_NAMES), _ODD_CELLS, max_size=4)
    )
    def test_file_rules_are_the_record_rules(
        self, claim: cd.Claim, changes: dict[str, str]
    ) -> None:
        cells = cd.claim_cells(claim) | changes
        report = report_of(text_of([cells]))
        fields: dict[str, Any] = {}
        try:
            fields = {name: _as_record_field(name, text) for name, text in cells.items()}
            made: cd.Claim | None = cd.Claim(**fields)
        except (cd.DataValidationError, ValueError):
            made = None
        assert (made is not None) == (report.errors == ()), report.errors
        if made is not None:
            assert cd.parse_claims_csv(text_of([cells])) == (made,)

    @settings(max_examples=25)
    @given(strategies.claim_lists())
    def test_file_frame_equals_record_frame_and_survives_the_method(
        self, claims: list[cd.Claim]
    ) -> None:
        frame = cd.load_claims(path=io.StringIO(csv_text(claims)))
        pd.testing.assert_frame_equal(frame, cd.claims_to_frame(claims))
        cd.plausible_ranges(frame)
        for claim in claims:
            same = cd.claims_about(
                claims,
                subject_side=claim.subject_side,
                population=claim.population,
                measure=claim.measure,
                scope=claim.scope,
                since=claim.period_start,
            )
            cd.consensus(same, on=claim.period_end)


def _as_record_field(name: str, text: str) -> object:
    # A cell as a caller of Claim() would pass it: the reader's own conversion is what is tested.
    column = next(column for column in cd.CLAIM_COLUMNS if column.name == name)
    if text == "":
        return "" if column.kind == "optional_text" else None
    if column.kind == "count":
        if not (text.isascii() and text.isdigit()):
            raise ValueError(text)
        return int(text)
    return text


class TestFuzzedBytes:
    """Random bytes and damaged files end in claims or a DataValidationError with a line."""

    @given(st.binary(max_size=400))
    def test_random_bytes(self, data: bytes) -> None:
        _read_or_located_error(data)

    @given(st.data())
    def test_damaged_bundled_rows(self, data: st.DataObject) -> None:
        text = csv_text(cd.claims()[:5])
        cut = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.sampled_from(["", ",", '"', "\n", "\r", "\x00", "\ufeff", "é"]))
        _read_or_located_error((text[:cut] + insert + text[cut:]).encode("utf-8"))


def _read_or_located_error(data: bytes) -> None:
    located: cd.DataValidationError | None = None
    try:
        cd.claims_to_frame(cd.read_claims(io.BytesIO(data), source="fuzz.csv"))
    except cd.DataValidationError as error:
        located = error
    if located is not None:
        assert located.file == "fuzz.csv"
        assert located.row is not None
        assert located.row >= 1


class TestFuzzedHeadersAndEncodings:
    """Wrong headers and wrong encodings: one error, on line 1 or the line of the bad byte."""

    @given(
        st.lists(
            st.one_of(st.sampled_from(COLUMN_NAMES), st.text(max_size=8)), min_size=1, max_size=35
        )
    )
    def test_any_other_header_is_one_error_on_line_1(self, header: list[str]) -> None:
        stream = io.StringIO()
        csv.writer(stream, lineterminator="\n").writerow(header)
        text = stream.getvalue() + csv_text(cd.claims()[:2]).split("\n", 1)[1]
        report = report_of(text)
        if tuple(header) == COLUMN_NAMES:
            assert report.clean
            return
        assert [(p.line, p.severity) for p in report.problems] == [(1, "error")]
        with pytest.raises(cd.DataValidationError) as caught:
            cd.read_claims(io.StringIO(text))
        assert caught.value.row == 1

    @given(
        st.sampled_from(
            ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1251", "koi8-u"]
        ),
        st.integers(0, 4),
    )
    def test_wrong_encodings(self, encoding: str, start: int) -> None:
        claims = cd.claims()[start : start + 3]
        text = csv_text(claims)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode(encoding, errors="replace")
        _read_or_located_error(data)
        try:
            readable = b"\x00" not in data and bool(data.decode("utf-8"))
        except UnicodeDecodeError:
            readable = False
        if not readable:
            with pytest.raises(cd.DataValidationError):
                cd.read_claims(io.BytesIO(data))


_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.binary(max_size=4),
    st.dates(),
    st.datetimes(),
    st.sampled_from([*cd.Measure, *cd.Qualifier, *cd.Precision, *cd.Basis, *cd.Population]),
    st.lists(st.integers(), max_size=2),
)


class TestFuzzedRecords:
    """Claim() with anything in any field builds a claim or raises DataValidationError; the
    claims it builds, however extreme, survive the table, the ranges and the consensus."""

    @given(strategies.claims, st.dictionaries(st.sampled_from(_FIELD_NAMES), _ANYTHING, max_size=3))
    def test_anything_in_any_field(self, claim: cd.Claim, changes: dict[str, object]) -> None:
        fields = {name: getattr(claim, name) for name in _FIELD_NAMES} | changes
        refused: cd.DataValidationError | None = None
        try:
            made = cd.Claim(**fields)
        except cd.DataValidationError as error:
            refused = error
        if refused is not None:
            assert refused.field in _FIELD_NAMES
        else:
            cd.claims_to_frame([made])

    def test_none_in_an_optional_text_is_the_empty_text(self) -> None:
        # found by the fuzz test above: None passed the field's rule, then broke a rule between
        # fields with AttributeError
        assert strategies.example_claim("none", notes=None).notes == ""
        with pytest.raises(cd.DataValidationError, match="qualifier_text"):
            strategies.example_claim("none", qualifier="about", qualifier_text=None)

    @given(
        st.integers(0, cd.MAX_COUNT),
        st.dates(cd.EARLIEST_DATE, cd.LATEST_DATE),
        st.dates(cd.EARLIEST_DATE, cd.LATEST_DATE),
    )
    def test_extreme_valid_claims_survive_the_method(
        self, value: int, first: dt.date, second: dt.date
    ) -> None:
        start, end = sorted((first, second))
        claim = strategies.example_claim(
            "extreme", value=value, period_start=start, period_end=end, stated_on=end
        )
        frame = cd.claims_to_frame([claim])
        pd.testing.assert_frame_equal(cd.load_claims(path=io.StringIO(csv_text([claim]))), frame)
        cd.plausible_ranges(frame)
        cd.consensus([claim], on=end)
