// Stage 7 (being written).
