"""sfmatch: match Korean manufacturing SMEs to smart-factory support programs, with reasons and gaps."""

__version__ = "0.1.0"
