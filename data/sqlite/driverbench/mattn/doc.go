package mattn
