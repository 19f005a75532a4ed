"""Department of Labour Protection and Welfare (MOL): inspections and labour cases, spec'd CSVs
with thin modules for the checks across fields. See source.yaml."""
