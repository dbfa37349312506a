"""Bahasa Indonesia: dates, credits, boilerplate, stopwords and reporting verbs."""

from __future__ import annotations

import stopwordsiso

from helpers import lang

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
}  # fmt: skip

WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
}  # fmt: skip

BOILERPLATE = (
    (r"^\s*baca\s+juga\s*[:\-–]", "related-link line (Baca Juga)"),
    (r"^\s*baca\s+(?:selengkapnya|berita\s+lainnya)\b", "related-link line"),
    (r"^\s*berita\s*lainnya\s*$", "section furniture (BERITA LAINNYA)"),
    (r"^\s*berita\s*terkini\s*$", "section furniture (BERITA TERKINI)"),
    (r"^\s*berita\s*terkait\s*[:\-–]?\s*$", "section furniture (BERITA TERKAIT)"),
    (r"^\s*(?:simak|ikuti)\s+(?:juga\s+)?(?:berita|update|video)\b.*$", "promotion line"),
    (r"^\s*(?:copyright|hak\s+cipta)\s*(?:©|\(c\))?", "copyright line"),
    (r"^\s*©\s*\d{4}", "copyright line"),
    (r"^\s*(?:foto|ilustrasi)\s*:", "photo credit line"),
    (r"^\s*(?:tags?|topik)\s*:", "tag line"),
    (r"^\s*(?:advertisement|iklan|scroll\s+to\s+(?:continue|resume)(?:\s+with\s+content)?)\s*$",
     "advertisement marker"),
)  # fmt: skip

CREDIT_LABELS = {
    "pewarta": "byline",
    "penulis": "byline",
    "reporter": "byline",
    "laporan": "byline",
    "wartawan": "byline",
    "kontributor": "byline",
    "editor": "editor",
    "penyunting": "editor",
    "redaktur": "editor",
    "penerjemah": "translator",
    "sumber": "credit_source",
}

REPORTING_VERBS = (
    "kata", "ujar", "ujarnya", "katanya", "tutur", "tuturnya", "tegas", "tegasnya",
    "menurut", "menambahkan", "menekankan", "menyatakan", "menyoroti", "mengatakan",
    "menegaskan", "menjelaskan", "mengungkapkan", "menyampaikan", "menuturkan",
    "mencatat", "menyebut", "menyebutkan", "ucap", "ucapnya", "jelas", "jelasnya",
)  # fmt: skip

ABBREVIATIONS = frozenset(
    "dr drs ir prof h hj st sh se mm mt no hlm tel telp jl kec kab kel sdr bpk yth dll dsb dst "
    "tsb krn spt sbg dgn utk yg pt cv tbk ny tn mr mrs ms jr sr vs".split()
)

LANGUAGE = lang.Language(
    code="id",
    name="Indonesian",
    months=MONTHS,
    weekdays=WEEKDAYS,
    stopwords=frozenset(stopwordsiso.stopwords("id")),
    boilerplate=BOILERPLATE,
    credit_labels=CREDIT_LABELS,
    reporting_verbs=REPORTING_VERBS,
    abbreviations=ABBREVIATIONS,
    date_prepositions=("pada", "hari", "sejak", "tanggal", "tgl"),
)
