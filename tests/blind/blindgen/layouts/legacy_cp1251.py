"""A 2000s table-layout PHP site in windows-1251, Omsk region ministry of economy."""

from __future__ import annotations

from datetime import datetime

from ..content import Block, Release
from ..site import Layout, Listing, d_dots, esc

SITE = "Министерство экономики Омской области"
MM_JS = """<script language="JavaScript">
<!--
function MM_swapImgRestore() { //v3.0
  var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc;
}
function MM_preloadImages() { //v3.0
  var d=document; if(d.images){ if(!d.MM_p) d.MM_p=new Array();
    var i,j=d.MM_p.length,a=MM_preloadImages.arguments; for(i=0; i<a.length; i++)
    if (a[i].indexOf("#")!=0){ d.MM_p[j]=new Image; d.MM_p[j++].src=a[i];}}
}
function MM_findObj(n, d) { //v4.01
  var p,i,x;  if(!d) d=document; if((p=n.indexOf("?"))>0&&parent.frames.length) {
    d=parent.frames[n.substring(p+1)].document; n=n.substring(0,p);}
  if(!(x=d[n])&&d.all) x=d.all[n]; for (i=0;!x&&i<d.forms.length;i++) x=d.forms[i][n];
  for(i=0;!x&&d.layers&&i<d.layers.length;i++) x=MM_findObj(n,d.layers[i].document);
  if(!x && d.getElementById) x=d.getElementById(n); return x;
}
function MM_swapImage() { //v3.0
  var i,j=0,x,a=MM_swapImage.arguments; document.MM_sr=new Array; for(i=0;i<(a.length-2);i+=3)
   if ((x=MM_findObj(a[i]))!=null){document.MM_sr[j++]=x; if(!x.oSrc) x.oSrc=x.src; x.src=a[i+2];}
}
//-->
</script>"""
ENTITIES = (("«", "&laquo;"), ("»", "&raquo;"), ("–", "&ndash;"), ("—", "&mdash;"), ("№", "&#8470;"))


def ent(text: str) -> str:
    out = esc(text)
    for ch, e in ENTITIES:
        out = out.replace(ch, e)
    return out


class LegacyCp1251(Layout):
    name = "legacy_cp1251"
    family = "custom PHP site of the 2000s, table layout, windows-1251"
    description = (
        "Nested tables, spacer gifs, <font> tags, windows-1251 bytes; the HTTP header says only "
        "text/html, listing pages declare the charset in a meta tag, article pages declare nothing. "
        "The headline is only a bold line (no h1), the date DD.MM.YYYY in a small font above it, "
        "paragraphs as <p align=justify> with &nbsp; indents or <br><br> runs, entities for quotes; "
        "<title> is the same generic string on every page; news.php?page=N paging."
    )
    timezone = "Asia/Omsk"
    charset = "windows-1251"
    region_key = "omsk"
    host = "http://www.mec.omskportal.ru"
    newest = datetime(2012, 4, 10, 16, 0)
    per_page = (7, 7, 3)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["br"] = self.rng.random() < 0.4

    def listing_url(self, n: int) -> str:
        return f"{self.host}/news.php" + ("" if n == 1 else f"?page={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/news.php?id={4142 - rel.idx * 3}"

    def content_type(self, kind: str) -> str:
        return "text/html"

    def published_time(self, rel: Release) -> str | None:
        return None

    def page(self, content: str, meta: bool) -> str:
        m = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">\n' if meta else ""
        menu = "".join(
            f'<tr><td><img src="/img/dot.gif" width="10" height="9" alt=""></td><td class="menu"><a href="{u}" class="menu">{t}</a></td></tr>\n'
            '<tr><td colspan="2"><img src="/img/spacer.gif" width="1" height="4" alt=""></td></tr>\n'
            for u, t in (
                ("/index.php", "Главная"),
                ("/about.php", "О министерстве"),
                ("/news.php", "Новости"),
                ("/docs.php", "Документы"),
                ("/invest.php", "Инвестиционная политика"),
                ("/smb.php", "Малый бизнес"),
                ("/contacts.php", "Контакты"),
            )
        )
        return f"""<html>
<head>
<title>{SITE} - Новости</title>
{m}<link rel="stylesheet" href="/css/style.css" type="text/css">
<script language="JavaScript" src="/js/menu.js"></script>
{MM_JS}
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td background="/img/top_bg.gif"><table width="990" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td width="120"><a href="/"><img src="/img/gerb.gif" width="96" height="110" border="0" alt="Герб Омской области"></a></td>
<td><font face="Arial" size="4" color="#FFFFFF"><b>{SITE.upper()}</b></font><br>
<font face="Arial" size="2" color="#FFFFFF">Официальный сайт</font></td>
<td align="right" valign="bottom"><font size="1" color="#FFFFFF">Телефон приёмной: (3812) 23-45-67<br>E-mail: mec@omskportal.ru</font></td></tr>
</table></td></tr>
</table>
<table width="990" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="200" valign="top" bgcolor="#EEF2F7">
<table width="100%" border="0" cellspacing="0" cellpadding="3">
{menu}</table>
<br><div align="center"><a href="http://www.omskportal.ru/"><img src="/banners/portal.gif" width="180" height="60" border="0" alt="Омский портал"></a><br><br>
<a href="http://www.gosuslugi.ru/"><img src="/banners/gosuslugi.gif" width="180" height="60" border="0" alt="Госуслуги"></a></div>
</td>
<td width="10"><img src="/img/spacer.gif" width="10" height="1" alt=""></td>
<td valign="top">
{content}
</td>
<td width="10"><img src="/img/spacer.gif" width="10" height="1" alt=""></td>
<td width="190" valign="top" bgcolor="#F7F7F7">
<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td bgcolor="#1F4E8C"><font size="2" color="#FFFFFF"><b>Анонсы</b></font></td></tr>
<tr><td><font size="1"><a href="/anons.php?id=311">Заседание инвестиционного совета при Губернаторе Омской области</a></font></td></tr>
<tr><td><font size="1"><a href="/anons.php?id=310">Приём граждан по вопросам предпринимательской деятельности</a></font></td></tr>
<tr><td bgcolor="#1F4E8C"><font size="2" color="#FFFFFF"><b>Опрос</b></font></td></tr>
<tr><td><form action="/poll.php" method="post"><font size="1">Как вы оцениваете инвестиционный климат региона?<br>
<input type="radio" name="v" value="1"> Благоприятный<br><input type="radio" name="v" value="2"> Удовлетворительный<br>
<input type="radio" name="v" value="3"> Неблагоприятный<br><input type="submit" value="Голосовать"></font></form></td></tr>
<tr><td bgcolor="#1F4E8C"><font size="2" color="#FFFFFF"><b>Полезные ссылки</b></font></td></tr>
<tr><td><font size="1"><a href="http://www.economy.gov.ru/">Минэкономразвития России</a><br><a href="http://www.omskportal.ru/">Правительство Омской области</a><br>
<a href="http://www.omskmb.ru/">Портал малого бизнеса</a><br><a href="http://www.investomsk.ru/">Инвестиционный портал</a></font></td></tr>
</table>
</td></tr>
</table>
<table width="990" border="0" cellspacing="0" cellpadding="5" align="center">
<tr><td bgcolor="#1F4E8C" align="center"><font size="1" color="#FFFFFF">&copy; 2005-2012 {SITE}. 644002, г. Омск, ул. Красный Путь, 5.<br>
При перепечатке материалов ссылка на сайт обязательна.</font></td></tr>
<tr><td align="center"><!--LiveInternet counter--><script type="text/javascript"><!--
document.write("<a href='http://www.liveinternet.ru/click' "+
"target=_blank><img src='//counter.yadro.ru/hit?t44.6;r"+
escape(document.referrer)+((typeof(screen)=="undefined")?"":
";s"+screen.width+"*"+screen.height+"*"+(screen.colorDepth?
screen.colorDepth:screen.pixelDepth))+";u"+escape(document.URL)+
";"+Math.random()+
"' alt='' title='LiveInternet' "+
"border='0' width='31' height='31'><\\/a>")
//--></script><!--/LiveInternet--></td></tr>
</table>
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rows = []
        for rel in self.pages[n - 1]:
            href = self.rel_path(rel.url).lstrip("/")
            rows.append(f"""<tr><td width="80" valign="top" class="date"><font size="1" color="#666666">{d_dots(rel.dt)}</font></td>
<td valign="top"><a href="{href}" class="news"><b>{ent(rel.title)}</b></a><br>
<font size="2">{ent(rel.teaser)}</font></td></tr>
<tr><td colspan="2"><img src="/img/line.gif" width="100%" height="1" alt=""></td></tr>""")
        total = len(self.pages)
        pages = " ".join(
            f"<b>[{k}]</b>" if k == n else f'<a href="news.php?page={k}">{k}</a>' for k in range(1, total + 1)
        )
        if n < total:
            pages += f' <a href="news.php?page={n + 1}">&gt;&gt;</a>'
        content = f"""<font face="Arial" size="3" color="#1F4E8C"><b>Новости</b></font><br><br>
<table width="100%" border="0" cellspacing="0" cellpadding="4">
{"".join(rows)}
</table>
<br><font size="2">Страницы: {pages}</font>
"""
        return Listing(self.page(content, True))

    def paras(self, blocks: list[Block], br: bool) -> str:
        out = []
        in_list = False
        for b in blocks:
            if b.kind == "li":
                if not in_list:
                    out.append("<ul>")
                    in_list = True
                out.append(f"<li>{ent(b.text)}")
                continue
            if in_list:
                out.append("</ul>")
                in_list = False
            if b.kind == "h":
                out.append(f"<p><b>{ent(b.text)}</b></p>" if not br else f"<b>{ent(b.text)}</b><br><br>")
            elif br:
                out.append(f"&nbsp;&nbsp;&nbsp;&nbsp;{ent(b.text)}<br><br>")
            else:
                out.append(f'<p align="justify">&nbsp;&nbsp;&nbsp;&nbsp;{ent(b.text)}</p>')
        if in_list:
            out.append("</ul>")
        return "\n".join(out)

    def render_article(self, rel: Release) -> str:
        photo = ""
        if self.rng.random() < 0.5:
            photo = (
                f'<table align="right" border="0" cellpadding="5"><tr><td><img src="/photos/{4142 - rel.idx * 3}.jpg" '
                f'width="250" height="188" border="1" alt=""><br><font size="1"><i>{ent(rel.photo_credit)}</i></font></td></tr></table>'
            )
        src = f'<p align="right"><i>Пресс-служба {ent(self.region.body_gen)}</i></p>'
        content = f"""<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td>
<font size="1" color="#666666">{d_dots(rel.dt)}</font><br>
<font face="Arial" size="3" color="#1F4E8C"><b>{ent(rel.title)}</b></font><br><br>
{photo}
<font size="2">
{self.paras(rel.blocks, rel.extra["br"])}
</font>
{src}
<br><a href="print.php?id={4142 - rel.idx * 3}" target="_blank"><img src="/img/print.gif" border="0" width="16" height="16" alt=""> Версия для печати</a>
&nbsp;&nbsp;&nbsp;<a href="news.php">&lt;&lt; Все новости</a>
</td></tr></table>
"""
        return self.page(content, False)


LAYOUT = LegacyCp1251()
