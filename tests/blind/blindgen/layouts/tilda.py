"""A Tilda-built site (t-records, no semantic markup), Novosibirsk industrial development fund."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import Layout, Listing, attr, d_dots, d_long, esc, metrika

SITE = "Фонд развития промышленности Новосибирской области"


class Tilda(Layout):
    name = "tilda"
    family = "Tilda page builder"
    description = (
        "Hand-made Tilda pages: every block a div.t-rec; the news page is card blocks (t-card__title "
        "link, date as plain text at the start of t-card__descr followed by <br> and the teaser, "
        "«Подробнее» t-btn), paging by separate pages /news and /news2 with a «Следующая страница» "
        "button; article headline in div.t-title (no h1), date plain text in a t-descr, body as "
        "<br /><br />-separated text in t-text blocks split around an image and a t-quote record."
    )
    timezone = "Asia/Novosibirsk"
    region_key = "novosibirsk"
    host = "https://frp-nso.ru"
    newest = datetime(2025, 12, 5, 15, 0)
    per_page = (9, 8)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["rec"] = 712340000 + rel.idx * 7919

    def listing_url(self, n: int) -> str:
        return f"{self.host}/news" + ("" if n == 1 else str(n))

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/{rel.slug}"

    def published_time(self, rel: Release) -> str | None:
        return None

    def static(self, k: int) -> str:
        return f"https://static.tildacdn.com/tild{self.rng.getrandbits(16):04x}-{self.rng.getrandbits(32):08x}-{k}/photo.jpg"

    def head(self, title: str, desc: str, url: str) -> str:
        return f"""<!DOCTYPE html> <html> <head> <meta charset="utf-8" /> <meta http-equiv="Content-Type" content="text/html; charset=utf-8" /> <meta name="viewport" content="width=device-width, initial-scale=1.0" /> <!--metatextblock--> <title>{esc(title)}</title> <meta name="description" content="{attr(desc)}" /> <meta property="og:url" content="{url}" /> <meta property="og:title" content="{attr(title)}" /> <meta property="og:description" content="{attr(desc)}" /> <meta property="og:type" content="website" /> <link rel="canonical" href="{url}"> <!--/metatextblock--> <meta name="format-detection" content="telephone=no" /> <meta http-equiv="x-dns-prefetch-control" content="on"> <link rel="dns-prefetch" href="https://ws.tildacdn.com"> <link rel="dns-prefetch" href="https://static.tildacdn.com"> <link rel="shortcut icon" href="https://static.tildacdn.com/tild3961-6435-4430-b763-373733326435/favicon.ico" type="image/x-icon" /> <!-- Assets --> <script src="https://neo.tildacdn.com/js/tilda-fallback-1.0.min.js" async charset="utf-8"></script> <link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-grid-3.0.min.css" type="text/css" media="all" onerror="this.loaderr='y';"/> <link rel="stylesheet" href="https://static.tildacdn.com/ws/project5512345/tilda-blocks-page{self.rng.randint(40000000, 49999999)}.min.css?t=1733400000" type="text/css" media="all" onerror="this.loaderr='y';" /> <link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-cards-1.0.min.css" type="text/css" media="all" onerror="this.loaderr='y';" /> <script src="https://static.tildacdn.com/js/jquery-1.10.2.min.js" charset="utf-8" onerror="this.loaderr='y';"></script> <script src="https://static.tildacdn.com/js/tilda-scripts-3.0.min.js" charset="utf-8" defer onerror="this.loaderr='y';"></script> <script src="https://static.tildacdn.com/js/lazyload-1.3.min.export.js" charset="utf-8" async onerror="this.loaderr='y';"></script> <script type="text/javascript">window.dataLayer = window.dataLayer || [];</script> <script type="text/javascript">(function () {{ if((/bot|google|yandex|baidu|bing|msn|duckduckbot|teoma|slurp|crawler|spider|robot|crawling|facebook/i.test(navigator.userAgent))===false && typeof(sessionStorage)!='undefined' && sessionStorage.getItem('visited')!=='y' && document.visibilityState){{ var style=document.createElement('style'); style.type='text/css'; style.innerHTML='@media screen and (min-width: 980px) {{.t-records {{opacity: 0;}}.t-records_animated {{-webkit-transition: opacity ease-in-out .2s;-moz-transition: opacity ease-in-out .2s;-o-transition: opacity ease-in-out .2s;transition: opacity ease-in-out .2s;}}.t-records.t-records_visible {{opacity: 1;}}}}'; document.getElementsByTagName('head')[0].appendChild(style); }} }})();</script> </head> <body class="t-body" style="margin:0;"> <!--allrecords--> <div id="allrecords" class="t-records" data-hook="blocks-collection-content-node" data-tilda-project-id="5512345" data-tilda-page-id="{self.rng.randint(40000000, 49999999)}" data-tilda-formskey="b7d3c1a0" data-tilda-lazy="yes" data-tilda-root-zone="com">
<div id="rec700000001" class="r t-rec" style=" " data-animationappear="off" data-record-type="257"> <!-- T228 --> <div id="nav700000001marker"></div> <div id="nav700000001" class="t228 t228__positionstatic " style="background-color: rgba(255,255,255,1); height:80px; " data-bgcolor-hex="#ffffff" data-menu="yes"> <div class="t228__maincontainer " style="height:80px;"> <div class="t228__padding40px"></div> <div class="t228__leftside"> <div class="t228__leftcontainer"> <a href="/" class="t228__imgwrapper"><img src="https://static.tildacdn.com/tild6163-3037-4731-b964-666138636532/logo_frp.svg" class="t228__imglogo t228__imglogomobile" imgfield="img" style="max-width: 180px; width: 180px; min-width: 180px; height: auto; display: block;" alt="{SITE}"></a> </div> </div> <div class="t228__centerside "> <nav class="t228__centercontainer"> <ul role="list" class="t228__list t-menu__list"> <li class="t228__list_item" style="padding:0 15px 0 0;"> <a class="t-menu__link-item" href="/about" data-menu-submenu-hook="" data-menu-item-number="1">О фонде</a> </li><li class="t228__list_item" style="padding:0 15px;"> <a class="t-menu__link-item" href="/programs" data-menu-submenu-hook="" data-menu-item-number="2">Программы</a> </li><li class="t228__list_item" style="padding:0 15px;"> <a class="t-menu__link-item" href="/news" data-menu-submenu-hook="" data-menu-item-number="3">Новости</a> </li><li class="t228__list_item" style="padding:0 0 0 15px;"> <a class="t-menu__link-item" href="/contacts" data-menu-submenu-hook="" data-menu-item-number="4">Контакты</a> </li> </ul> </nav> </div> <div class="t228__rightside"> <div class="t228__rightcontainer"> <div class="t228__right_descr"><a href="tel:+73832000000" style="color:#1c3f94">+7 (383) 200-00-00</a></div> </div> </div> <div class="t228__padding40px"></div> </div> </div> </div>
"""

    def foot(self) -> str:
        return f"""<div id="rec700000099" class="r t-rec t-rec_pt_45 t-rec_pb_45" style="padding-top:45px;padding-bottom:45px;background-color:#1c3f94; " data-record-type="106" data-bg-color="#1c3f94"> <!-- T004 --> <div class="t004"> <div class="t-container "> <div class="t-col t-col_8 t-prefix_2"> <div field="text" class="t-text t-text_md " style="color:#ffffff;"><strong>{SITE}</strong><br />630099, г. Новосибирск, ул. Фрунзе, 5, офис 1212<br />Телефон: +7 (383) 200-00-00, e-mail: info@frp-nso.ru<br /><br />Горячая линия для предприятий: 8-800-775-54-54</div> </div> </div> </div> </div>
<div id="rec700000100" class="r t-rec" style=" " data-record-type="886"> <!-- T886 --> <div class="t886 t886_closed" style="bottom:20px;"> <div class="t886__wrapper"> <div class="t886__text t-descr t-descr_xxs">Мы используем cookie. Продолжая пользоваться сайтом, вы соглашаетесь с <a href="/policy" style="color:#1c3f94">политикой конфиденциальности</a>.</div> <div class="t886__btn-wrapper"><a class="t886__btn t-btn t-btn_sm" href="#" style="color:#ffffff;background-color:#1c3f94;border-radius:30px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Хорошо</td></tr></table></a></div> </div> </div> </div>
</div> <!--/allrecords--> <!-- Stat --> {metrika(96123001)} <script type="text/javascript">if (! window.mainTracker) {{ window.mainTracker = 'tilda'; }} setTimeout(function(){{ (function (d, w, k, o, g) {{ var n=d.getElementsByTagName(o)[0],s=d.createElement(o),f=function(){{n.parentNode.insertBefore(s,n);}}; s.type = "text/javascript"; s.async = true; s.key = k; s.id = "tildastatscript"; s.src=g; if (w.opera=="[object Opera]") {{d.addEventListener("DOMContentLoaded", f, false);}} else {{ f(); }} }})(document, window, '9c1e0f4b2d8a7e6c5b4a3f2e1d0c9b8a','script','https://static.tildacdn.com/js/tilda-stat-1.0.min.js'); }}, 2000); </script> </body> </html>
"""

    def render_listing(self, n: int) -> Listing:
        cards = []
        for k, rel in enumerate(self.pages[n - 1], 1):
            href = self.rel_path(rel.url)
            cards.append(
                f"""<div class="t-card__col t-card__col_withoutbtn t-col t-col_4 t-align_left t-item" data-lid="1680000{rel.idx:06d}"> <a href="{href}" class="t-card__link" id="cardlink{rel.extra["rec"]}_{k}"> <div class="t-card__imgwrapper"><div class="t-card__bgimg t-bgimg" data-original="{self.static(k)}" bgimgfield="li_img__1680000{rel.idx:06d}" style="background-image:url('https://thb.tildacdn.com/tild0000/-/resizeb/20x/photo.jpg');"></div></div> </a> <div class="t-card__textwrapper"> <div class="t-card__title t-name t-name_lg" field="li_title__1680000{rel.idx:06d}"><a href="{href}" class="t-card__link" id="cardtitle{rel.extra["rec"]}_{k}">{esc(rel.title)}</a></div> <div class="t-card__descr t-descr t-descr_xxs" field="li_descr__1680000{rel.idx:06d}">{d_dots(rel.dt)}<br />{esc(rel.teaser)}</div> </div> <div class="t-card__btn-wrapper"><a href="{href}" target="" class="t-card__btn t-btn t-btn_sm " style="color:#ffffff;background-color:#1c3f94;border-radius:5px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Подробнее</td></tr></table></a></div> </div>"""
            )
        rows = []
        for k in range(0, len(cards), 3):
            rows.append(
                f'<div class="t-card__container t-container">{"".join(cards[k : k + 3])}<div class="t-clear t-card__separator" style="margin-bottom:40px;"></div></div>'
            )
        total = len(self.pages)
        btns = ""
        if n > 1:
            btns += f'<a href="{self.rel_path(self.listing_url(n - 1))}" target="" class="t-btn t-btn_md " style="color:#1c3f94;border:2px solid #1c3f94;border-radius:30px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Предыдущая страница</td></tr></table></a> '
        if n < total:
            btns += f'<a href="{self.rel_path(self.listing_url(n + 1))}" target="" class="t-btn t-btn_md " style="color:#ffffff;background-color:#1c3f94;border-radius:30px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Следующая страница</td></tr></table></a>'
        html = (
            self.head(
                "Новости фонда",
                "Новости Фонда развития промышленности Новосибирской области",
                self.listing_url(n),
            )
            + '<div id="rec700000002" class="r t-rec t-rec_pt_60 t-rec_pb_30" style="padding-top:60px;padding-bottom:30px;" data-record-type="30"> <!-- T017 --> <div class="t017"> <div class="t-container t-align_center"> <div class="t-col t-col_10 t-prefix_1"> <div class="t017__title t-title t-title_xs" field="title">Новости</div> </div> </div> </div> </div>'
            + f'<div id="rec700000003" class="r t-rec t-rec_pt_30 t-rec_pb_30" data-record-type="776"> <!-- t776 --> <div class="t776"> {"".join(rows)} </div> </div>'
            + f'<div id="rec700000004" class="r t-rec t-rec_pt_15 t-rec_pb_60" data-record-type="191"> <!-- T142 --> <div class="t142"> <div class="t-container_100"> <div class="t142__wrapone"> <div class="t142__wraptwo">{btns}</div> </div> </div> </div> </div>'
            + self.foot()
        )
        return Listing(html)

    def text_rec(self, rid: int, blocks) -> str:
        parts, in_list = [], False
        for b in blocks:
            t = esc(b.text)
            if b.kind == "li":
                parts.append(("<ul>" if not in_list else "") + f"<li>{t}</li>")
                in_list = True
                continue
            if in_list:
                parts[-1] += "</ul>"
                in_list = False
            parts.append(f"<strong>{t}</strong>" if b.kind == "h" else t)
        if in_list:
            parts[-1] += "</ul>"
        return (
            f'<div id="rec{rid}" class="r t-rec t-rec_pt_15 t-rec_pb_15" style="padding-top:15px;padding-bottom:15px;" data-record-type="106"> <!-- T004 --> <div class="t004"> <div class="t-container "> <div class="t-col t-col_8 t-prefix_2"> <div field="text" class="t-text t-text_md ">'
            + "<br /><br />".join(parts)
            + "</div> </div> </div> </div> </div>\n"
        )

    def render_article(self, rel: Release) -> str:
        rec = rel.extra["rec"]
        blocks = [b for b in rel.blocks]
        quote_at = next((i for i, b in enumerate(blocks) if b.kind == "quote"), None)
        cut = max(1, min(2, len(blocks)))
        recs = [self.text_rec(rec + 10, blocks[:cut])]
        recs.append(
            f'<div id="rec{rec + 11}" class="r t-rec t-rec_pt_30 t-rec_pb_30" data-record-type="3"> <!-- T107 --> <div class="t107"> <div class="t-align_center" itemscope itemtype="http://schema.org/ImageObject"> <meta itemprop="image" content="{self.static(1)}"> <img class="t-img t-width t107__widthauto" src="{self.static(1)}" imgfield="img" alt=""> </div> </div> </div>\n'
            f'<div id="rec{rec + 12}" class="r t-rec t-rec_pt_0 t-rec_pb_15" data-record-type="106"> <div class="t004"> <div class="t-container "> <div class="t-col t-col_8 t-prefix_2"> <div field="text" class="t-text t-text_xs " style="color:#8a8a8a;">{esc(rel.photo_caption)}. {esc(rel.photo_credit)}</div> </div> </div> </div> </div>\n'
        )
        rest = blocks[cut:]
        if quote_at is not None and quote_at >= cut:
            q = quote_at - cut
            if rest[:q]:
                recs.append(self.text_rec(rec + 13, rest[:q]))
            recs.append(
                f'<div id="rec{rec + 14}" class="r t-rec t-rec_pt_30 t-rec_pb_30" data-record-type="126"> <!-- T035 --> <div class="t035"> <div class="t-container "> <div class="t-col t-col_8 t-prefix_2"> <div class="t035__text t-text t-text_md" field="text">{esc(rest[q].text)}</div> </div> </div> </div> </div>\n'
            )
            rest = rest[q + 1 :]
        if rest:
            recs.append(self.text_rec(rec + 15, rest))
        head = f'<div id="rec{rec}" class="r t-rec t-rec_pt_75 t-rec_pb_15" style="padding-top:75px;padding-bottom:15px;" data-record-type="60"> <!-- T050 --> <div class="t050"> <div class="t-container t-align_left"> <div class="t-col t-col_10 t-prefix_1"> <div class="t050__uptitle t-uptitle t-uptitle_sm" field="subtitle"><a href="/news" style="color:#1c3f94 !important;">Новости</a></div> <div class="t050__title t-title t-title_md" field="title">{esc(rel.title)}</div> <div class="t050__descr t-descr t-descr_xl" field="descr">{d_long(rel.dt)}</div> </div> </div> </div> </div>\n'
        back = f'<div id="rec{rec + 20}" class="r t-rec t-rec_pt_30 t-rec_pb_60" data-record-type="191"> <div class="t142"> <div class="t-container_100"> <div class="t142__wrapone"> <div class="t142__wraptwo"> <a href="/news" target="" class="t-btn t-btn_md " style="color:#1c3f94;border:2px solid #1c3f94;border-radius:30px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Все новости</td></tr></table></a> </div> </div> </div> </div> </div>\n'
        return self.head(rel.title, rel.teaser, rel.url) + head + "".join(recs) + back + self.foot()


LAYOUT = Tilda()
