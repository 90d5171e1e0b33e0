import csv
import io

import pandas as pd
import pytest

from analysis.exports import csv_bytes, neutralise_cell


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("We will act", "We will act"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_bytes_neutralises_every_text_cell_and_keeps_the_frame():
    frame = pd.DataFrame({"text": ["=1+1", "fine"], "speaker": ["@bot", "Qureshi"], "n": [-1, 2]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))
    assert rows == [["text", "speaker", "n"], ["'=1+1", "'@bot", "-1"], ["fine", "Qureshi", "2"]]
    assert frame.loc[0, "text"] == "=1+1"  # the input is not changed
