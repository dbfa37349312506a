"""The timeline's cue words for English (`helpers.timeline.vocab` reads them).

Each entry but `place_prepositions` and `anniversary` is a tuple of alternatives, matched as
whole words on folded text (lower case, no accents); `anniversary` holds full patterns with a
group `(?P<n>...)` for the years elapsed. Write patterns in lower case.
"""

CUES = dict(
    meeting=(
        r"met",
        r"meets?",
        r"meeting",
        r"talks",
        r"talked",
        r"spoke",
        r"calls?",
        r"visit\w*",
        r"summit",
        r"conversation",
        r"hosted",
        r"virtual\w*",
        r"video",
        r"phone",
    ),
    virtual=(
        r"virtual\w*",
        r"video ?link",
        r"video ?call",
        r"video ?conference",
        r"videoconference",
        r"online",
    ),
    phone=(r"phone call", r"telephone", r"phone", r"by phone", r"phoned"),
    in_person=(
        r"met",
        r"meets?",
        r"visit\w*",
        r"in person",
        r"face-to-face",
        r"hosted",
        r"received",
    ),
    greeting=(r"greetings?", r"regards", r"best wishes", r"congratulat\w*"),
    place_prepositions=r"in|at",
    anniversary=(
        r"(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary",
        r"(?<!\w)(?P<n>\d{1,3}) years (?:ago|earlier)(?!\w)",
        r"(?:marks?|marking|commemorat\w+|celebrat\w+) (?:the )?(?P<n>\d{1,3}) years(?!\w)",
    ),
    future=(r"until", r"by", r"towards?", r"target", r"through"),
)
