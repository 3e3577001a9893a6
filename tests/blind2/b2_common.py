"""Small helpers shared by the layout renderers: Russian dates, escaping, body markup."""

import html
import re

MONTHS_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_NOM = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
MONTHS_SHORT = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
TZ_OFFSET = {
    "Europe/Kaliningrad": "+02:00",
    "Europe/Moscow": "+03:00",
    "Europe/Samara": "+04:00",
    "Europe/Ulyanovsk": "+04:00",
    "Asia/Yekaterinburg": "+05:00",
    "Asia/Omsk": "+06:00",
    "Asia/Krasnoyarsk": "+07:00",
    "Asia/Irkutsk": "+08:00",
    "Asia/Yakutsk": "+09:00",
    "Asia/Vladivostok": "+10:00",
    "Asia/Magadan": "+11:00",
    "Asia/Kamchatka": "+12:00",
}


def esc(s):
    return html.escape(s, quote=True)


def d_long(d, year=True):
    """'5 марта 2025'."""
    s = f"{d.day} {MONTHS_GEN[d.month - 1]}"
    return f"{s} {d.year}" if year else s


def d_dots(d):
    return d.strftime("%d.%m.%Y")


def iso(d, tz):
    return d.strftime("%Y-%m-%dT%H:%M:%S") + TZ_OFFSET[tz]


def typograph(s):
    """What Russian typographers (Typus, Jevix, wp-typograph) do: NBSP before dashes and after short words."""
    s = s.replace(" — ", "&nbsp;— ")
    s = re.sub(r"(?<=\s)(в|на|и|с|к|по|до|из|не|за|от) ", r"\1&nbsp;", s)
    return re.sub(r"(\d) (млн|млрд|тыс\.|рублей|тонн|процент)", r"\1&nbsp;\2", s)


def body_html(blocks, h="h3", quote="blockquote", p_attr="", typo=False, ul_attr=""):
    out = []
    for kind, val in blocks:
        t = (lambda x: typograph(esc(x))) if typo else esc
        if kind == "p":
            out.append(f"<p{p_attr}>{t(val)}</p>")
        elif kind == "h":
            out.append(f"<{h}>{t(val)}</{h}>" if h != "strong" else f"<p><strong>{t(val)}</strong></p>")
        elif kind == "q":
            out.append(
                f"<{quote}><p>{t(val)}</p></{quote}>"
                if quote == "blockquote"
                else f'<p class="{quote}"><i>{t(val)}</i></p>'
            )
        else:
            out.append(f"<ul{ul_attr}>" + "".join(f"<li>{t(x)}</li>" for x in val) + "</ul>")
    return "\n".join(out)


def lead_of(a, n=180):
    s = a["blocks"][0][1]
    if len(s) <= n:
        return s
    cut = s[:n].rsplit(" ", 1)[0]
    return cut + "…"


def truncate(s, n):
    return s if len(s) <= n else s[:n].rsplit(" ", 1)[0].rstrip(",:;") + "..."


def size_str(kb):
    return f"{kb / 1024:.1f} Мб".replace(".", ",") if kb > 1024 else f"{kb} Кб"


TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def translit(s, n=70):
    out = "".join(TRANSLIT.get(c, c if c.isascii() and c.isalnum() else "-") for c in s.lower())
    out = "-".join(x for x in out.split("-") if x)
    return out[:n].rstrip("-")
