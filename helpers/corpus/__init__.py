"""From files on disk to a `Corpus`: read, decode, clean, extract metadata, account for every file."""
