"""The timeline's cue words for Indonesian (`helpers.timeline.vocab` reads them).

Each entry but `place_prepositions` and `anniversary` is a tuple of alternatives, matched as
whole words on folded text (lower case, no accents); `anniversary` holds full patterns with a
group `(?P<n>...)` for the years elapsed. Write patterns in lower case.
"""

CUES = dict(
    meeting=(
        r"pertemuan",
        r"bertemu",
        r"(?:ber|mem)bicara\w*",
        r"pembicaraan",
        r"perbincangan",
        r"berbincang",
        r"panggilan",
        r"(?:ber|me)?telepon",
        r"kunjungan",
        r"berkunjung",
        r"mengunjungi",
        r"konferensi",
        r"ktt",
        r"berdialog",
        r"dialog",
        r"virtual",
        r"menerima",
        r"menjamu",
        r"berkomunikasi",
    ),
    virtual=(
        r"virtual",
        r"secara daring",
        r"daring",
        r"tautan video",
        r"panggilan video",
        r"konferensi video",
        r"sambungan video",
        r"video ?conference",
        r"video call",
    ),
    phone=(
        r"panggilan telepon",
        r"sambungan telepon",
        r"percakapan telepon",
        r"bertelepon",
        r"menelepon",
        r"telepon",
        r"teleponan",
    ),
    in_person=(
        r"bertemu",
        r"berkunjung",
        r"mengunjungi",
        r"tatap muka",
        r"bertatap muka",
        r"kunjungan (?:kenegaraan|resmi|kerja)",
        r"menerima kunjungan",
        r"menjamu",
        r"menyambut kedatangan",
    ),
    greeting=(r"salam", r"ucapan selamat", r"selamat", r"ucapan"),
    place_prepositions=r"di|ke",
    anniversary=(
        r"(?:ulang tahun|hut|hari jadi|dirgahayu) ke-?\s?(?P<n>\d{1,3})(?!\w)",
        r"(?:peringatan|memperingati|merayakan|perayaan|menandai)\s+(?P<n>\d{1,3}) tahun(?!\w)",
        r"(?<!\w)(?P<n>\d{1,3}) tahun (?:yang )?(?:lalu|silam)(?!\w)",
    ),
    future=(r"hingga", r"sampai", r"menuju", r"target", r"mendatang", r"jelang", r"menjelang"),
)
