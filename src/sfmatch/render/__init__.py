"""The renderers: each lays out the same result objects (or a `Portfolio`) in one format: Rich
tables (`table`), JSON and CSV rows (`data`), lists and workbooks (`batch`), the policy view
(`gaps`) and its page (`html`, with `templates/`)."""
