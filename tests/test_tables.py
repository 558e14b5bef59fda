"""Claims DataFrames: dtypes from the schema, and lossless round trips."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given

import conflictdata as cd

from . import strategies


class TestDtypes:
    """Every schema column gets the dtype its kind calls for."""

    def test_dtypes_follow_schema(self) -> None:
        frame = cd.load_claims()
        assert list(frame.columns) == [c.name for c in cd.CLAIM_COLUMNS] + ["relation"]
        for column in cd.CLAIM_COLUMNS:
            dtype = frame[column.name].dtype
            if column.kind == "vocabulary":
                assert isinstance(dtype, pd.CategoricalDtype)
                assert list(dtype.categories) == [m.value for m in column.vocabulary]
            elif column.kind == "count":
                assert dtype == "Int64"
            elif column.kind == "date":
                assert pd.api.types.is_datetime64_dtype(dtype)
            else:
                assert isinstance(dtype, pd.StringDtype)

    def test_relation_column_matches_records(self) -> None:
        frame = cd.load_claims()
        assert list(frame["relation"]) == [c.relation.value for c in cd.claims()]


class TestRoundTrip:
    """records -> DataFrame -> CSV -> records is lossless."""

    @given(strategies.claim_lists())
    def test_frame_round_trip(self, claims: list[cd.Claim]) -> None:
        assert cd.claims_from_frame(cd.claims_to_frame(claims)) == tuple(claims)

    @given(strategies.claim_lists())
    def test_frame_csv_round_trip(self, claims: list[cd.Claim]) -> None:
        frame = cd.claims_to_frame(claims)
        text = frame.drop(columns="relation").to_csv(index=False, date_format="%Y-%m-%d")
        dtypes = {name: str for name in frame.columns if name != "relation"}
        back = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False)
        stream = io.StringIO()
        back.to_csv(stream, index=False)
        assert cd.parse_claims_csv(stream.getvalue()) == tuple(claims)

    def test_bundled_round_trip(self) -> None:
        assert cd.claims_from_frame(cd.load_claims()) == cd.claims()
