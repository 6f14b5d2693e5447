"""Looking at a whole folder of reports rather than one report or one pair (issue 17).

- ``folder``: read every report under some paths once (reports and unreadable files);
- ``coverage``: the agency × year matrix — who published, who did not, who was late;
- ``peers``: a few well-defined ratios per year and report kind, their quartiles, and the
  agencies far outside their peers (rule ``B-1``);
- ``series``: one agency's key figures over the years, ready to chart;
- ``svg`` / ``plot``: the same charts as inline SVG (HTML report) and as plotext text (terminal);
- ``dataset``: every report, cell, finding and decision of a folder as Parquet, incrementally.

Headless: nothing here imports Textual; polars and plotext are imported only where they are used.
"""
