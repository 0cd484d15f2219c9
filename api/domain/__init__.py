"""The domain: pay math on bands (`paymath`, pure and exact) and what builds on it: positions and
conversions (`pay`), localized pay against market wages, the roster, the chart, and where a band applies."""
