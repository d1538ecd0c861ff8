"""Pure figure builders: Plotly charts and county maps that carry title, unit, period, source and demo mark."""
