"""Text: decoding files, normalising and cleaning what they hold, and the one Kiwi analyser."""
