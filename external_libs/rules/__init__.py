"""Business rules of the purchases pipeline: pure functions from DataFrames to DataFrames."""
