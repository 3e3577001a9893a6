#!/usr/bin/env python3
"""Generator of the BLIND home-page -> press-section corpus (tests/blind_home).

Stdlib only, deterministic (fixed seed, no clock, no hash randomisation).

    python tests/blind_home/make_blind_home.py          # (re)write sites/ and expected.json
    python tests/blind_home/make_blind_home.py --check  # regenerate twice in memory and validate

Every site is a fictional Russian regional body (ministry, agency, development corporation,
export support centre, regional government portal).  See README.md for the rules.
"""
import argparse
import hashlib
import html
import json
import os
import random
import re
import shutil
import sys
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

SEED = 'blind-home-2025-06'
HERE = os.path.dirname(os.path.abspath(__file__))
SITES_DIR = os.path.join(HERE, 'sites')
EXPECTED = os.path.join(HERE, 'expected.json')
SIZE_LIMIT = 15 * 1024 * 1024


def rng_for(*parts):
    h = hashlib.sha256(('|'.join([SEED] + [str(p) for p in parts])).encode('utf-8')).hexdigest()
    return random.Random(int(h[:16], 16))


def esc(s):
    return html.escape(s, quote=True)


def hx(rng, n=32):
    return ''.join(rng.choice('0123456789abcdef') for _ in range(n))


# ----------------------------------------------------------------------------------------------
# calendar
# ----------------------------------------------------------------------------------------------
MONTHS_GEN = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа',
              'сентября', 'октября', 'ноября', 'декабря']
MONTHS_NOM = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август',
              'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь']
MONTHS_SHORT = ['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек']
WEEKDAYS = ['Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье']

TZ_OFF = {
    'Europe/Kaliningrad': 2, 'Europe/Moscow': 3, 'Europe/Volgograd': 3, 'Europe/Kirov': 3,
    'Europe/Samara': 4, 'Europe/Ulyanovsk': 4, 'Europe/Astrakhan': 4, 'Europe/Saratov': 4,
    'Asia/Yekaterinburg': 5, 'Asia/Omsk': 6, 'Asia/Novosibirsk': 7, 'Asia/Barnaul': 7,
    'Asia/Tomsk': 7, 'Asia/Novokuznetsk': 7, 'Asia/Krasnoyarsk': 7, 'Asia/Irkutsk': 8,
    'Asia/Chita': 9, 'Asia/Yakutsk': 9, 'Asia/Vladivostok': 10, 'Asia/Magadan': 11,
    'Asia/Sakhalin': 11, 'Asia/Srednekolymsk': 11, 'Asia/Kamchatka': 12, 'Asia/Anadyr': 12,
}


def iso(dt, off):
    return dt.strftime('%Y-%m-%dT%H:%M:00') + '%+03d:00' % off


def dtext(dt):
    return '%d %s %d' % (dt.day, MONTHS_GEN[dt.month - 1], dt.year)


def ddot(dt):
    return dt.strftime('%d.%m.%Y')


def fmt_date(dt, style, off):
    """Visible date of a listing item, in one of the forms real Russian sites use."""
    d, m, y, hm = dt.day, MONTHS_GEN[dt.month - 1], dt.year, dt.strftime('%H:%M')
    if style == 'dmy_text':
        return '%d %s %d' % (d, m, y)
    if style == 'dmy_text_g':
        return '%d %s %d г.' % (d, m, y)
    if style == 'dmy_text_time':
        return '%d %s %d, %s' % (d, m, y, hm)
    if style == 'dmy_text_g_time':
        return '%d %s %d г., %s' % (d, m, y, hm)
    if style == 'dmy_text_sp_time':
        return '%d %s %d %s' % (d, m, y, hm)
    if style == 'dotted':
        return dt.strftime('%d.%m.%Y')
    if style == 'dotted_time':
        return dt.strftime('%d.%m.%Y %H:%M')
    if style == 'dashed':
        return dt.strftime('%d-%m-%Y')
    if style == 'cap':
        return '%d %s %d' % (d, m.capitalize(), y)
    if style == 'upper':
        return '%02d %s %d' % (d, m.upper(), y)
    if style == 'time_first':
        return '%s – %d %s %d' % (dt.strftime('%H:%M').lstrip('0') if dt.hour < 10 else hm, d, m, y)
    if style == 'dmy_minutes':
        return '%d %s %d <span class="minutes">%d:%02d</span>' % (d, m, y, dt.hour, dt.minute)
    if style == 'split':
        return ('<span class="date__day">%02d</span> <span class="date__month">%s</span> '
                '<span class="date__year">%d</span>' % (d, m, y))
    if style == 'iso_time':
        return '<time datetime="%s">%d %s %d</time>' % (iso(dt, off), d, m, y)
    if style == 'iso_time_dotted':
        return '<time datetime="%s">%s</time>' % (iso(dt, off), dt.strftime('%d.%m.%Y'))
    raise ValueError(style)


# ----------------------------------------------------------------------------------------------
# regions (fictional, each placed in a real time zone)
# ----------------------------------------------------------------------------------------------
def _obl(key, stem, cap, cap_loc, tz, phone):
    return key, dict(nom='%sая область' % stem, gen='%sой области' % stem, loc='%sой области' % stem,
                     adj='%sий' % stem, cap=cap, cap_loc=cap_loc, tz=tz, phone=phone)


REGIONS = dict([
    _obl('pbalt', 'Приморско-Балтийск', 'Янтарогорск', 'Янтарогорске', 'Europe/Kaliningrad', '4012'),
    _obl('vvolga', 'Верхневолжск', 'Волжанск', 'Волжанске', 'Europe/Ulyanovsk', '8422'),
    _obl('zaoksk', 'Заокск', 'Заокск', 'Заокске', 'Europe/Moscow', '496'),
    ('ideltau', dict(nom='Республика Идель-Тау', gen='Республики Идель-Тау', loc='Республике Идель-Тау',
                     adj='Идельский', cap='Тау-Кала', cap_loc='Тау-Кале', tz='Europe/Moscow', phone='843')),
    _obl('priiset', 'Приисетск', 'Исетск', 'Исетске', 'Asia/Yekaterinburg', '3522'),
    _obl('irtysh', 'Иртышск', 'Иртышск', 'Иртышске', 'Asia/Omsk', '3812'),
    _obl('novoob', 'Новообск', 'Новообск', 'Новообске', 'Asia/Novosibirsk', '383'),
    _obl('srvolga', 'Средневолжск', 'Средневолжск', 'Средневолжске', 'Europe/Samara', '846'),
    ('prienisey', dict(nom='Приенисейский край', gen='Приенисейского края', loc='Приенисейском крае',
                       adj='Приенисейский', cap='Приенисейск', cap_loc='Приенисейске', tz='Asia/Krasnoyarsk',
                       phone='391')),
    _obl('pribaikal', 'Прибайкальск', 'Ангарогорск', 'Ангарогорске', 'Asia/Irkutsk', '3952'),
    _obl('vyatkam', 'Вятско-Камск', 'Вятскокамск', 'Вятскокамске', 'Europe/Kirov', '8332'),
    ('yuzhprim', dict(nom='Южно-Приморский край', gen='Южно-Приморского края', loc='Южно-Приморском крае',
                      adj='Южно-Приморский', cap='Тихоокеанск', cap_loc='Тихоокеанске', tz='Asia/Vladivostok',
                      phone='423')),
    ('daur', dict(nom='Даурский край', gen='Даурского края', loc='Даурском крае', adj='Даурский',
                  cap='Даурск', cap_loc='Даурске', tz='Asia/Chita', phone='3022')),
    ('algys', dict(nom='Республика Алгыс', gen='Республики Алгыс', loc='Республике Алгыс', adj='Алгысский',
                   cap='Кэскил', cap_loc='Кэскиле', tz='Asia/Yakutsk', phone='4112')),
    _obl('priok', 'Приокск', 'Приокск', 'Приокске', 'Europe/Moscow', '4872'),
    ('katun', dict(nom='Катунский край', gen='Катунского края', loc='Катунском крае', adj='Катунский',
                   cap='Катунск', cap_loc='Катунске', tz='Asia/Barnaul', phone='3852')),
    _obl('pritom', 'Притомск', 'Притомск', 'Притомске', 'Asia/Tomsk', '3822'),
    _obl('ohotomor', 'Охотоморск', 'Охотоморск', 'Охотоморске', 'Asia/Magadan', '4132'),
    ('klyuch', dict(nom='Ключевской край', gen='Ключевского края', loc='Ключевском крае', adj='Ключевской',
                    cap='Ключевск', cap_loc='Ключевске', tz='Asia/Kamchatka', phone='4152')),
    ('ostrov', dict(nom='Островная область', gen='Островной области', loc='Островной области',
                    adj='Островной', cap='Островногорск', cap_loc='Островногорске', tz='Asia/Sakhalin',
                    phone='4242')),
    _obl('shor', 'Шорск', 'Шорск', 'Шорске', 'Asia/Novokuznetsk', '3843'),
    _obl('sural', 'Среднеуральск', 'Каменогорск', 'Каменогорске', 'Asia/Yekaterinburg', '343'),
    _obl('pridon', 'Придонск', 'Придонск', 'Придонске', 'Europe/Volgograd', '8442'),
    _obl('prikasp', 'Прикаспийск', 'Прикаспийск', 'Прикаспийске', 'Europe/Astrakhan', '8512'),
    _obl('kolyma', 'Колымск', 'Колымск', 'Колымске', 'Asia/Srednekolymsk', '41156'),
    _obl('meshcher', 'Мещёрск', 'Мещёрск', 'Мещёрске', 'Europe/Moscow', '4912'),
    _obl('valdai', 'Валдайск', 'Валдайск', 'Валдайске', 'Europe/Moscow', '8162'),
    ('bering', dict(nom='Берингийский автономный округ', gen='Берингийского автономного округа',
                    loc='Берингийском автономном округе', adj='Берингийский', cap='Берингов',
                    cap_loc='Берингове', tz='Asia/Anadyr', phone='42722')),
    _obl('khvalyn', 'Хвалынск', 'Волгоречинск', 'Волгоречинске', 'Europe/Saratov', '8452'),
    _obl('priladog', 'Приладожск', 'Ладогорск', 'Ладогорске', 'Europe/Moscow', '812'),
])

# ----------------------------------------------------------------------------------------------
# text pools
# ----------------------------------------------------------------------------------------------
MUN_ROOTS = ['Берёзов', 'Камен', 'Озёр', 'Соснов', 'Кедров', 'Покров', 'Ильин', 'Петров', 'Сергиев',
             'Михайлов', 'Ольхов', 'Рябинов', 'Заречен', 'Полев', 'Медведев', 'Журавлёв', 'Горнозавод',
             'Степнов', 'Верхнекам', 'Белоозёр', 'Светлояр', 'Краснобор', 'Чернореч', 'Ясногор', 'Долин',
             'Лебяж', 'Николь', 'Орлов', 'Боров', 'Лугов', 'Тополев', 'Малинов', 'Елан', 'Вишнёв']
CO_PREF = ['Сибирь', 'Волга', 'Урал', 'Балт', 'Ока', 'Дон', 'Кама', 'Енисей', 'Алтай', 'Байкал', 'Север',
           'Восток', 'Тайга', 'Степь', 'Ангара', 'Иртыш', 'Ладога', 'Амур', 'Кедр', 'Полюс']
CO_SUF = ['Пласт', 'Металл', 'Агро', 'Фарм', 'Композит', 'Стекло', 'Мебель', 'Полимер', 'Лес', 'Пак',
          'Бетон', 'Молоко', 'Маш', 'Электро', 'Хим', 'Текстиль', 'Гидро', 'Терм', 'Кабель', 'Профиль']
PARKS = ['Северный', 'Заречье', 'Восточный', 'Технополис', 'Кедровый', 'Прогресс', 'Индустрия', 'Старт',
         'Озёрный', 'Южные ворота', 'Рубеж', 'Меридиан', 'Магистраль', 'Горизонт', 'Вектор', 'Промград',
         'Сосновка', 'Левобережный', 'Стрела', 'Перспектива', 'Надежда', 'Гранит', 'Импульс', 'Созвездие']
TORS = ['Заводская', 'Новые берега', 'Тихая гавань', 'Лесная', 'Рудная', 'Приречная', 'Угольная', 'Причал']
COUNTRIES = [  # nom, gen, 'в'+loc, 'в'+acc
    ('Китай', 'Китая', 'в Китае', 'в Китай'), ('Индия', 'Индии', 'в Индии', 'в Индию'),
    ('Узбекистан', 'Узбекистана', 'в Узбекистане', 'в Узбекистан'),
    ('Казахстан', 'Казахстана', 'в Казахстане', 'в Казахстан'), ('ОАЭ', 'ОАЭ', 'в ОАЭ', 'в ОАЭ'),
    ('Вьетнам', 'Вьетнама', 'во Вьетнаме', 'во Вьетнам'), ('Турция', 'Турции', 'в Турции', 'в Турцию'),
    ('Египет', 'Египта', 'в Египте', 'в Египет'), ('Монголия', 'Монголии', 'в Монголии', 'в Монголию'),
    ('Беларусь', 'Беларуси', 'в Беларуси', 'в Беларусь'), ('Иран', 'Ирана', 'в Иране', 'в Иран'),
    ('Индонезия', 'Индонезии', 'в Индонезии', 'в Индонезию'),
    ('Саудовская Аравия', 'Саудовской Аравии', 'в Саудовской Аравии', 'в Саудовскую Аравию'),
    ('Армения', 'Армении', 'в Армении', 'в Армению'), ('Киргизия', 'Киргизии', 'в Киргизии', 'в Киргизию'),
    ('Таджикистан', 'Таджикистана', 'в Таджикистане', 'в Таджикистан'),
    ('Алжир', 'Алжира', 'в Алжире', 'в Алжир'), ('Бразилия', 'Бразилии', 'в Бразилии', 'в Бразилию'),
    ('Сербия', 'Сербии', 'в Сербии', 'в Сербию'),
    ('Азербайджан', 'Азербайджана', 'в Азербайджане', 'в Азербайджан'),
    ('Малайзия', 'Малайзии', 'в Малайзии', 'в Малайзию'), ('Катар', 'Катара', 'в Катаре', 'в Катар'),
    ('Куба', 'Кубы', 'на Кубе', 'на Кубу'), ('Оман', 'Омана', 'в Омане', 'в Оман'),
]
PRODUCTS = ['полимерной упаковки', 'металлоконструкций', 'комбикормов', 'медицинских изделий', 'стеклотары',
            'облицовочного кирпича', 'корпусной мебели', 'молочной продукции', 'кабельной продукции',
            'композитных материалов', 'сельхозтехники', 'березовой фанеры', 'древесных пеллет',
            'электрооборудования', 'лекарственных препаратов', 'сухих строительных смесей',
            'рыбной продукции', 'кондитерских изделий', 'гофрокартона', 'насосного оборудования',
            'светодиодных светильников', 'минеральных удобрений', 'спецодежды', 'пищевых концентратов',
            'автокомпонентов', 'трубной продукции', 'газобетонных блоков', 'растительного масла',
            'замороженных овощей', 'нетканых материалов', 'лакокрасочных материалов', 'мясных полуфабрикатов']
FOODS = ['рапсового масла', 'пшеничной муки', 'мороженого', 'мёда', 'льняного семени', 'кедрового ореха',
         'гречневой крупы', 'макаронных изделий', 'кондитерских изделий', 'минеральной воды', 'рыбной муки',
         'сыров', 'ягодных джемов', 'иван-чая', 'комбикормов', 'чечевицы']
SPHERES = ['переработки древесины', 'фармацевтики', 'логистики', 'агропромышленного комплекса',
           'станкостроения', 'химической промышленности', 'пищевой промышленности', 'строительных материалов',
           'туризма', 'возобновляемой энергетики', 'машиностроения', 'IT-технологий']
FIRST_M = ['Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Игорь', 'Олег', 'Павел', 'Роман', 'Виктор',
           'Евгений', 'Максим', 'Артём', 'Константин', 'Денис', 'Илья', 'Владимир', 'Николай', 'Григорий']
FIRST_F = ['Ирина', 'Елена', 'Наталья', 'Ольга', 'Татьяна', 'Мария', 'Анна', 'Светлана', 'Юлия',
           'Екатерина', 'Марина', 'Вера', 'Ксения']
SURNAMES = ['Воронцов', 'Белозёров', 'Ларионов', 'Сафонов', 'Громов', 'Тихомиров', 'Лебедев', 'Корнилов',
            'Шубин', 'Калинин', 'Зуев', 'Мельников', 'Рябов', 'Денисов', 'Аксёнов', 'Гордеев', 'Потапов',
            'Ермолин', 'Субботин', 'Казанцев', 'Литвинов', 'Прохоров', 'Суханов', 'Фомин', 'Чернышёв',
            'Юдин', 'Бочаров', 'Наумов', 'Селиверстов', 'Кудрявцев', 'Ефремов', 'Самойлов']
MEDIA = ['Деловой вестник', 'Экономика региона', 'Вести', 'Городские новости', 'Промышленные ведомости',
         'Регион-Информ', 'Бизнес-Панорама', 'Первый областной', 'ИнфоЦентр', 'Курьер']


def person(rng):
    if rng.random() < 0.35:
        return rng.choice(FIRST_F) + ' ' + rng.choice(SURNAMES) + 'а', 'f'
    return rng.choice(FIRST_M) + ' ' + rng.choice(SURNAMES), 'm'


def verb(g, m, f):
    return f if g == 'f' else m


class Slots:
    """Per-site vocabulary: municipalities, parks, companies."""

    def __init__(self, R, rng):
        self.R = R
        self.muns = rng.sample(MUN_ROOTS, 7)
        self.parks = rng.sample(PARKS, 4)
        self.tors = rng.sample(TORS, 2)
        self.companies = ['%s%s' % (p, s) for p, s in zip(rng.sample(CO_PREF, 12), rng.sample(CO_SUF, 12))]
        self.companies += ['%s-%s' % (p, s) for p, s in zip(rng.sample(CO_PREF, 6), rng.sample(CO_SUF, 6))]

    def fill(self, rng):
        R = self.R
        c = rng.choice(COUNTRIES)
        mun = rng.choice(self.muns)
        kind = rng.choice(['район', 'муниципальный округ', 'район', 'городской округ'])
        if kind == 'район':
            mun_loc, mun_gen = '%sском районе' % mun, '%sского района' % mun
        elif kind == 'муниципальный округ':
            mun_loc, mun_gen = '%sском муниципальном округе' % mun, '%sского муниципального округа' % mun
        else:
            mun_loc, mun_gen = '%sском городском округе' % mun, '%sского городского округа' % mun
        return dict(
            reg_gen=R['gen'], reg_loc='в ' + R['loc'], reg_nom=R['nom'], adj=R['adj'], cap=R['cap'],
            cap_loc='в ' + R['cap_loc'], mun_loc='в ' + mun_loc, mun_gen=mun_gen,
            company=rng.choice(self.companies), park=rng.choice(self.parks), tor=rng.choice(self.tors),
            c_nom=c[0], c_gen=c[1], c_loc=c[2], c_acc=c[3], product=rng.choice(PRODUCTS),
            food=rng.choice(FOODS), sphere=rng.choice(SPHERES),
            n=rng.choice(GEN_PL_SMALL), n2=rng.choice(GEN_PL_BIG), pct=rng.randint(4, 71),
            amt=('%.1f' % (rng.randint(12, 489) / 10)).replace('.', ','), amt2=rng.randint(15, 950),
            k=rng.choice(['1,5', '1,7', '2', '2,3', '3']),
            period=rng.choice(['первый квартал', 'январь–апрель', 'пять месяцев', 'первое полугодие',
                               'прошлый год', 'январь–март', 'четыре месяца']),
        )


# numbers that take the genitive plural («15 проектов», «112 компаний»), so no agreement errors appear
GEN_PL_SMALL = [n for n in range(5, 49) if n % 10 in (0, 5, 6, 7, 8, 9) or 11 <= n % 100 <= 14]
GEN_PL_BIG = [n for n in range(52, 941) if n % 10 in (0, 5, 6, 7, 8, 9) or 11 <= n % 100 <= 14]

HEADLINES = [
    '{Mun_loc} откроется производство {product} компании «{company}»',
    'Компания «{company}» стала резидентом индустриального парка «{park}»',
    '{n} предпринимателей {reg_gen} получили гранты на развитие производства {product}',
    'Делегация {reg_gen} провела переговоры с деловыми кругами {c_gen}',
    'Экспортёры {reg_gen} представили продукцию на международной выставке {c_loc}',
    'Инвестиционный совет одобрил {n} проектов общей стоимостью {amt} млрд рублей',
    'На площадке индустриального парка «{park}» построят завод по выпуску {product}',
    'Несырьевой экспорт {reg_gen} за {period} вырос на {pct}%',
    'Центр «Мой бизнес» провёл более {n2} консультаций для предпринимателей {mun_gen}',
    'Фонд развития промышленности одобрил заём {amt2} млн рублей на модернизацию производства {product}',
    'Предприятия {reg_gen} заключили экспортные контракты на {amt2} млн долларов {c_loc}',
    'Инвестпроект компании «{company}» позволит создать {n2} рабочих мест {mun_loc}',
    'Компании {reg_gen} приняли участие в бизнес-миссии {c_acc}',
    'Строительству завода {product} {mun_loc} присвоен статус приоритетного инвестпроекта',
    'Резиденты ТОР «{tor}» вложили в экономику {reg_gen} {amt} млрд рублей',
    'Более {n2} участников зарегистрировались на {adj} инвестиционный форум',
    'Предпринимателям {reg_gen} компенсируют затраты на сертификацию продукции для экспорта {c_acc}',
    'Первая партия {food} из {reg_gen} отправлена {c_acc}',
    'Инвестор из {c_gen} построит {mun_loc} предприятие по производству {product}',
    'Совет по улучшению инвестклимата рассмотрел {n} проектов с объёмом вложений {amt} млрд рублей',
    'Проектный офис помог {n} компаниям {reg_gen} выйти на рынок {c_gen}',
    'С начала года сопровождение получили {n} инвестиционных проектов на {amt} млрд рублей',
    '{n} предприятий {reg_gen} присоединились к нацпроекту «Производительность труда»',
    'Самозанятые {mun_gen} получили микрозаймы на {amt2} млн рублей',
    'Объём инвестиций в основной капитал {reg_gen} за {period} составил {amt} млрд рублей',
    'Открыт приём заявок на субсидии для производителей {product}',
    'Завод компании «{company}» {mun_loc} вышел на проектную мощность',
    'Экспортёры {reg_gen} подписали {n} соглашений на выставке {c_loc}',
    'Индустриальный парк «{park}» получит {amt2} млн рублей на строительство инфраструктуры',
    'Для инвесторов подготовлены {n} новых площадок {mun_loc}',
    'Субъекты МСП {mun_gen} получили поручительства на {amt2} млн рублей',
    'Бизнес-миссия {c_acc}: компании {reg_gen} провели {n2} деловых встреч',
    'Кластер производителей {product} объединил {n} предприятий {reg_gen}',
    'Льготный лизинг оборудования получили {n} промышленных предприятий {mun_gen}',
    'Технопарк «{park}» принял {n} новых резидентов',
    'Компания «{company}» построит логистический центр {mun_loc}',
    'Экспорт {food} {c_acc} увеличился в {k} раза',
    '{Head_title} {head} {met} с инвесторами из {c_gen} проекты в сфере {sphere}',
    '{Head_title} {head} {visited} производственную площадку компании «{company}»',
    'Региональный фонд поддержки МСП выдал {n2} льготных микрозаймов',
    'Школа экспорта РЭЦ: обучение прошли {n} предпринимателей {reg_gen}',
    'Соглашение о создании производства {product} подписано с компанией «{company}»',
    'Экспортный потенциал {mun_gen} обсудили на выездном совещании',
    'Предприниматели {mun_gen} получили {n} земельных участков без торгов',
    'Обрабатывающие производства {reg_gen} нарастили отгрузку на {pct}% за {period}',
    'Поставки {product} из {reg_gen} {c_acc} выросли на {pct}%',
    'Индустриальный парк «{park}» заполнен резидентами на {pct}%',
    'Национальная премия «Экспортёр года»: {n} компаний {reg_gen} вышли в финал',
]

FED_HEADLINES = [
    'Минпромторг России расширил перечень мер поддержки {sphere_gen2} на {amt2} млн рублей',
    'Правительство РФ утвердило правила субсидирования {n} новых проектов {sphere}',
    'РЭЦ запустил сервис поиска покупателей {c_loc} для производителей {product}',
    'Фонд развития промышленности снизил ставку по программе «Проекты развития» для {product}',
    'Росстат: производство {product} в России за {period} выросло на {pct}%',
    'Минэкономразвития России предложило продлить льготы для резидентов ТОР на {n} лет',
    'Корпорация МСП увеличила лимит поручительств для производителей {product} до {amt2} млн рублей',
    'Экспорт {food} из России {c_acc} за {period} вырос на {pct}%',
]

EVENT_TITLES = [
    'Семинар «Экспорт: первые шаги» для предпринимателей {mun_gen}',
    'Вебинар «Меры поддержки промышленных предприятий» (выпуск {n})',
    'Заседание Совета по улучшению инвестиционного климата № {n}',
    'Бизнес-миссия {c_acc}: приём заявок участников',
    'Круглый стол по сертификации {product} для экспорта',
    'Обучающий модуль Школы экспорта РЭЦ «Логистика для экспортёров» (поток {n})',
    'Приём предпринимателей {mun_gen} по вопросам поддержки',
    'Совещание с главами муниципалитетов по развитию МСП {mun_loc}',
    'Выездная сессия центра «Мой бизнес» {mun_loc}',
    'Форум «Сделано в регионе» — стенд производителей {product}',
    'Стратегическая сессия по развитию индустриального парка «{park}»',
    'Конференция «Цифровые сервисы для бизнеса {reg_gen}» (сессия {n})',
    'День открытых дверей в технопарке «{park}»',
    'Акселерационная программа для экспортёров {food}',
]
PHOTO_TITLES = [
    'Визит делегации {c_gen}', 'Заседание инвестиционного совета', 'Открытие производства {product}',
    'Выставка производителей {product}', 'Рабочая поездка {mun_loc}', 'Бизнес-миссия {c_acc}',
    'Форум предпринимателей {mun_gen}', 'Награждение победителей конкурса «Экспортёр года»',
    'Презентация индустриального парка «{park}»', 'Школа экспорта: выпускной модуль',
    'Закладка первого камня завода «{company}»', 'Ярмарка местных товаропроизводителей',
]
DOC_SUBJ = [
    'О внесении изменений в государственную программу «Развитие промышленности и повышение её конкурентоспособности»',
    'Об утверждении порядка предоставления субсидий субъектам малого и среднего предпринимательства',
    'О реализации инвестиционного проекта «Строительство завода {product}»',
    'Об утверждении перечня приоритетных инвестиционных проектов {reg_gen}',
    'О предоставлении грантов начинающим экспортёрам',
    'Об утверждении административного регламента предоставления государственной услуги',
    'О создании индустриального парка «{park}»',
    'Об утверждении состава конкурсной комиссии по отбору получателей субсидий',
    'О внесении изменений в Положение о министерстве',
    'Об утверждении плана противодействия коррупции на {y}–{y2} годы',
    'О порядке возмещения части затрат на уплату процентов по кредитам',
    'Об утверждении инвестиционной декларации {reg_gen}',
    'О комиссии по соблюдению требований к служебному поведению',
    'Об утверждении стандарта деятельности по обеспечению благоприятного инвестиционного климата',
    'О присвоении статуса регионального инвестиционного проекта компании «{company}»',
    'Об утверждении перечня документов для заключения соглашения о защите и поощрении капиталовложений',
]
DOC_TYPES = [('Постановление Правительства {reg_gen}', '-п'), ('Приказ министерства', '-о'),
             ('Распоряжение Правительства {reg_gen}', '-р'), ('Закон {reg_gen}', '-ОЗ'),
             ('Приказ министерства', '-пр'), ('Указ Губернатора {reg_gen}', '-уг')]
POSTS = ['Главный специалист-эксперт отдела инвестиционной политики', 'Ведущий консультант отдела поддержки экспорта',
         'Консультант отдела развития малого и среднего предпринимательства', 'Главный специалист отдела бухгалтерского учёта',
         'Начальник отдела промышленной политики', 'Заместитель начальника управления стратегического планирования',
         'Ведущий специалист отдела государственных закупок', 'Главный консультант правового отдела',
         'Специалист-эксперт отдела кадровой работы', 'Консультант отдела мониторинга инвестиционных проектов',
         'Менеджер проектов по сопровождению инвесторов', 'Ведущий аналитик отдела внешнеэкономических связей']
TENDER_SUBJ = ['оказание услуг по организации участия в выставке {c_loc}', 'поставку компьютерного оборудования',
               'оказание услуг по техническому обслуживанию здания', 'выполнение работ по текущему ремонту помещений',
               'оказание услуг по сопровождению справочно-правовой системы', 'поставку канцелярских товаров',
               'оказание услуг по организации бизнес-миссии {c_acc}', 'разработку концепции индустриального парка «{park}»',
               'оказание услуг по переводу презентационных материалов', 'изготовление полиграфической продукции',
               'оказание услуг связи', 'поставку бумаги для офисной техники', 'оказание охранных услуг']
COMPET_SUBJ = ['Отбор получателей субсидии на возмещение затрат на сертификацию продукции',
               'Конкурс на предоставление грантов начинающим экспортёрам',
               'Отбор управляющих компаний индустриальных парков', 'Конкурс «Экспортёр года — {y}»',
               'Отбор получателей субсидии на модернизацию оборудования',
               'Конкурсный отбор на включение в кадровый резерв министерства',
               'Отбор заявок на участие в коллективном стенде на выставке {c_loc}',
               'Конкурс социальных предпринимателей {reg_gen}', 'Отбор на возмещение затрат по лизингу оборудования',
               'Конкурс «Лучший инвестиционный проект {reg_gen}»']
PARAS = [
    'Об этом сообщили в {org_loc}.',
    '{Head_title} {head} {noted}, что поддержка несырьевого экспорта остаётся одним из приоритетов региона.',
    'Общий объём инвестиций в проект составит {amt} млрд рублей, на предприятии будет создано {n2} рабочих мест.',
    'Заявки принимаются в центре «Мой бизнес» и на цифровой платформе «Мой экспорт».',
    'Напомним, сейчас в регионе реализуется {n} инвестиционных проектов с общим объёмом вложений более {amt} млрд рублей.',
    'Подробная информация о мерах поддержки размещена в разделе «Меры поддержки».',
    'В мероприятии приняли участие представители {n} предприятий {mun_gen} и руководители профильных ведомств.',
    'Продукция предприятия ориентирована как на внутренний рынок, так и на поставки {c_acc}.',
    'Стороны обсудили логистику поставок, сертификацию продукции и участие в отраслевых выставках.',
    'По итогам встречи достигнута договорённость о подготовке дорожной карты совместных проектов.',
    'В числе получателей поддержки — производители {product}, предприятия общественного питания и сферы услуг.',
    'Резиденты индустриального парка «{park}» пользуются льготами по налогу на имущество и налогу на прибыль.',
    'Всего с начала года меры поддержки получили {n2} субъектов малого и среднего предпринимательства.',
    'Консультации для предпринимателей проводятся бесплатно по предварительной записи.',
    'Следующее заседание запланировано на конец квартала.',
]


def _cap(s):
    return s[:1].upper() + s[1:]


def render_tpl(tpl, v):
    out = tpl
    for key, val in v.items():
        out = out.replace('{%s}' % key, str(val))
        out = out.replace('{%s}' % _cap(key), _cap(str(val)))
    if '{' in out:
        raise ValueError('unfilled slot in %r -> %r' % (tpl, out))
    return _cap(out)


TRANSLIT = dict(zip('абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
                    ['a', 'b', 'v', 'g', 'd', 'e', 'e', 'zh', 'z', 'i', 'y', 'k', 'l', 'm', 'n', 'o', 'p',
                     'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', '', 'y', '', 'e', 'yu', 'ya']))


def slugify(s, limit=64):
    out = []
    for ch in s.lower():
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append('-')
    slug = re.sub('-+', '-', ''.join(out)).strip('-')
    if len(slug) > limit:
        slug = slug[:limit].rsplit('-', 1)[0]
    return slug


class Corpus:
    """Corpus-wide state: every dated title is unique across the corpus."""

    def __init__(self):
        self.used = set()

    def unique(self, make, rng, tries=400):
        for _ in range(tries):
            t = make()
            if t not in self.used:
                self.used.add(t)
                return t
        raise RuntimeError('could not make a unique title')


# ----------------------------------------------------------------------------------------------
# dated entries
# ----------------------------------------------------------------------------------------------
class Item:
    def __init__(self, title, dt, href=None, lead='', paras=None, img=None, extra=None, kind='news', oid=0):
        self.title, self.dt, self.href, self.lead = title, dt, href, lead
        self.paras = paras or []
        self.img, self.extra, self.kind, self.oid = img, extra or {}, kind, oid


# ----------------------------------------------------------------------------------------------
# site model
# ----------------------------------------------------------------------------------------------
ICON_ARROW = ('<svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
              '<path d="M5 12h14M13 6l6 6-6 6" fill="none" stroke="currentColor" stroke-width="2"/></svg>')
ICON_NEWS = ('<svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h13v14H6a2 2 0 0 1-2-2z'
             'M17 9h3v8a2 2 0 0 1-2 2" fill="none" stroke="currentColor" stroke-width="2"/></svg>')


class M:
    """A menu link.  href None renders a non-link (a <span>/<button>)."""

    def __init__(self, label, href='#', children=None, title=None, aria=None, icon=None):
        self.label, self.href, self.children = label, href, children or []
        self.title, self.aria, self.icon = title, aria, icon

    @property
    def external(self):
        return bool(self.href) and self.href.startswith('http')


def L(kind, path, title, role=None, **kw):
    d = dict(kind=kind, path=path, title=title, role=role)
    d.update(kw)
    return d


class Site:
    def __init__(self, spec, corpus):
        self.spec = spec
        self.key = spec['key']
        self.R = REGIONS[spec['region']]
        self.tz = self.R['tz']
        self.off = TZ_OFF[self.tz]
        self.rng = rng_for('site', self.key)
        self.corpus = corpus
        self.theme = THEMES[spec['theme']]()
        self.fmt = spec.get('fmt', 'dmy_text')
        self.name, self.short, self.host = spec['name'], spec['short'], spec['host']
        self.menu = spec['menu']
        self.slots = Slots(self.R, self.rng)
        self.head, g = person(self.rng)
        self.head_g = g
        self.head_title = spec.get('head_title', 'министр экономического развития')
        self.org_loc = spec.get('org_loc', 'пресс-службе министерства')
        self.vk = spec.get('vk', 'public%d' % self.rng.randint(100000000, 229999999))
        self.tg = spec.get('tg', slugify(self.host.split('.')[0] + '_' + self.R['cap'], 24).replace('-', '_'))
        self.slugs = set()
        self.recent = {}
        self.pages = {}      # url path -> html text
        self.labels = {}     # url path -> a label for auto pages
        self.lists = []      # rendered list specs (with items)
        self.by_path = {}
        self.press = None
        self.oid = self.rng.randint(4000, 90000)
        day0 = datetime(2025, 6, 24) - timedelta(days=self.rng.randint(0, 40))
        self.latest = day0.replace(hour=self.rng.randint(15, 19), minute=self.rng.randint(0, 59))
        self.year0 = self.rng.choice([2009, 2011, 2012, 2014, 2016, 2018, 2019])
        self.metrika = self.rng.randint(20000000, 99999999)
        self.street = self.rng.choice(['ул. Ленина', 'пр. Мира', 'ул. Советская', 'пл. Победы',
                                       'ул. Кирова', 'ул. Октябрьская', 'наб. Речная', 'ул. Садовая'])
        self.house = self.rng.randint(1, 120)
        self.index = '%06d' % self.rng.randint(100000, 699999)
        self.phone = '+7 (%s) %s' % (self.R['phone'], '%02d-%02d-%02d' % (
            self.rng.randint(10, 99), self.rng.randint(10, 99), self.rng.randint(10, 99)))
        self.email = spec.get('email', 'info@' + self.host)

    # ---------------- vocabulary
    def vals(self, rng):
        v = self.slots.fill(rng)
        v.update(head=self.head, head_title=self.head_title, org_loc=self.org_loc,
                 noted=verb(self.head_g, 'отметил', 'отметила'),
                 met=verb(self.head_g, 'обсудил', 'обсудила'),
                 visited=verb(self.head_g, 'посетил', 'посетила'),
                 y=2025, y2=2027, sphere_gen2=rng.choice(['экспортёров', 'станкостроителей', 'производителей',
                                                           'промышленных предприятий', 'малого бизнеса']))
        return v

    def headline(self, rng, pool=HEADLINES):
        # avoid re-using a template the site used recently, so that a list does not read like a pattern
        recent = self.recent.setdefault(id(pool), [])
        fresh = [t for t in pool if t not in recent] or list(pool)

        def make():
            tpl = rng.choice(fresh)
            return tpl, render_tpl(tpl, self.vals(rng))
        for _ in range(400):
            tpl, title = make()
            if title not in self.corpus.used:
                self.corpus.used.add(title)
                recent.append(tpl)
                del recent[:-min(len(pool) - 3, 24)]
                return title
        raise RuntimeError('could not make a unique headline')

    def text(self, rng, tpl):
        return render_tpl(tpl, self.vals(rng))

    def paras(self, rng, k):
        picks = rng.sample(PARAS[1:], k - 1)
        out = [self.text(rng, p) for p in picks]
        out.insert(rng.randint(1, len(out)), self.text(rng, PARAS[0]))
        return out

    def next_oid(self):
        self.oid -= self.rng.randint(1, 17)
        return self.oid

    def back_dates(self, start, n, rng, gaps=(0, 1, 1, 1, 2, 2, 3, 4)):
        out, dt = [], start
        for i in range(n):
            if i:
                g = rng.choice(gaps)
                if g == 0:
                    dt = dt - timedelta(minutes=rng.randint(35, 300))
                    if dt.hour < 8:
                        g = 1
                if g:
                    dt = (dt - timedelta(days=g)).replace(hour=rng.randint(9, 19), minute=rng.randint(0, 59))
            out.append(dt)
        return out

    # ---------------- urls
    def art_url(self, pattern, base, it):
        dt = it.dt
        slug = slugify(it.title)
        if slug in self.slugs:
            slug = '%s-%d' % (slug, it.oid)
        self.slugs.add(slug)
        return pattern.format(base=base, id=it.oid, slug=slug, y=dt.year, m='%02d' % dt.month,
                              d='%02d' % dt.day, dmyhms=dt.strftime('%d-%m-%Y-%H-%M-') + '%02d' % (it.oid % 60),
                              tid=hx(rng_for(self.key, 'tid', it.oid), 10), k=it.oid % 7 + 1, cc=it.extra.get('cc', 193))

    def add_page(self, path, text):
        if path in self.pages:
            raise RuntimeError('%s: page %s written twice' % (self.key, path))
        self.pages[path] = text


    # ---------------- lists
    def gen_items(self, Ls):
        kind, rng = Ls['kind'], rng_for(self.key, 'list', Ls['path'])
        n = Ls.get('n') or rng.randint(8, 15)
        if kind in ('documents', 'npa') and not Ls.get('n'):
            n += rng.randint(2, 8)   # document registers are usually longer than a news page
        n2 = (Ls.get('n2') or rng.randint(8, 14)) if Ls.get('page2') else 0
        th = self.theme
        items = []
        if kind in ('news', 'releases'):
            start = self.latest if kind == 'news' and Ls.get('role') == 'press' else \
                self.latest - timedelta(hours=rng.randint(2, 60))
            base = Ls['path'] if Ls['path'].endswith('/') else Ls['path'] + '/'
            base = Ls.get('art_base', base)
            for dt in self.back_dates(start, n + n2, rng):
                it = Item(self.headline(rng), dt, kind=kind, oid=self.next_oid())
                it.paras = self.paras(rng, rng.randint(3, 5))
                it.lead = it.paras[0] if Ls.get('leads', True) else ''
                it.img = th.img(rng) if Ls.get('images', True) else None
                if Ls.get('cc'):
                    it.extra['cc'] = Ls['cc']
                it.href = self.art_url(Ls.get('art', '{base}{id}/'), base, it)
                items.append(it)
        elif kind == 'mixed':
            src = self.by_path[Ls['mix_of'][0]]
            news = (src['items'] + src['items2'])[: n - n // 3]
            ev = self.by_path[Ls['mix_of'][1]]['items'][: n // 3]
            items = sorted(news + ev, key=lambda it: it.dt, reverse=True)
            n = len(items)
        elif kind in ('ministries', 'repost', 'smi'):
            orgs = {
                'ministries': [('Министерство сельского хозяйства', 'agro'), ('Министерство строительства', 'stroy'),
                               ('Министерство образования', 'minobr'), ('Министерство транспорта', 'mintrans'),
                               ('Министерство экономического развития', 'economy'),
                               ('Министерство промышленности и торговли', 'minprom'),
                               ('Министерство природных ресурсов', 'mpr')],
                'repost': [('ТАСС', 'tass.ru/ekonomika'), ('Интерфакс', 'www.interfax.ru/business'),
                           ('РИА Новости', 'ria.ru/economy'), ('Минпромторг России', 'minpromtorg.gov.ru/press-centre/news'),
                           ('Российский экспортный центр', 'www.exportcenter.ru/press_center/news'),
                           ('Правительство России', 'government.ru/news')],
                'smi': [('%s %s' % (rng.choice(MEDIA), self.R['cap']), 'media%d.%s-news.ru/articles' % (i, self.spec['region']))
                        for i in range(5)],
            }[kind]
            for dt in self.back_dates(self.latest - timedelta(hours=rng.randint(1, 30)), n, rng):
                org, host = rng.choice(orgs)
                if kind == 'repost' and Ls.get('regional'):
                    title = self.headline(rng)
                    org, host = 'Правительство ' + self.R['gen'], Ls['regional'] + '/news'
                elif kind == 'repost':
                    title = self.headline(rng, FED_HEADLINES)
                else:
                    title = self.headline(rng)
                if kind == 'ministries':
                    href = 'https://%s.%s/news/%d/' % (host, Ls['portal_host'], rng.randint(10000, 99999))
                else:
                    href = 'https://%s/%s/' % (host, slugify(title, 48))
                items.append(Item(title, dt, href, extra=dict(org=org), kind=kind,
                                  lead='' if kind != 'ministries' else self.text(rng, rng.choice(PARAS[2:]))))
        elif kind in ('photo', 'video'):
            for dt in self.back_dates(self.latest - timedelta(days=rng.randint(0, 3)), n, rng, (1, 2, 3, 4, 6)):
                title = self.corpus.unique(lambda: self.text(rng, rng.choice(PHOTO_TITLES)) +
                                           ('' if rng.random() < 0.5 else ' ' + self.slots.fill(rng)['cap_loc']), rng)
                if kind == 'photo':
                    # albums open in a JS lightbox; only the newest ones have their own page
                    if len(items) < Ls.get('album_pages', 3):
                        href = '%s%s/' % (Ls.get('item_base', Ls['path'].rstrip('/') + '/'), slugify(title, 40) + '-%d' % dt.day)
                    else:
                        href = '#gallery-%d' % (len(items) + 1)
                    it = Item(title, dt, href, img=th.img(rng), extra=dict(count=rng.randint(6, 48)), kind=kind)
                else:
                    it = Item('Видео: ' + title, dt, 'https://rutube.ru/video/%s/' % hx(rng, 32), img=th.img(rng),
                              extra=dict(dur='%d:%02d' % (rng.randint(1, 14), rng.randint(0, 59))), kind=kind)
                items.append(it)
        elif kind == 'events':
            dts = []
            dt = (self.latest + timedelta(days=rng.randint(1, 3))).replace(hour=10, minute=0)
            for i in range(n):
                dts.append(dt.replace(hour=rng.choice([10, 11, 14, 15, 16]), minute=rng.choice([0, 0, 30])))
                dt = dt + timedelta(days=rng.randint(1, 6))
            if not Ls.get('ascending'):
                dts.reverse()
            places = ['Дом правительства, зал заседаний', 'Центр «Мой бизнес», ул. Пушкина, 14', 'онлайн',
                      'Технопарк «%s»' % self.slots.parks[0], 'Конгресс-холл «%s»' % self.R['cap'],
                      'Администрация ' + self.slots.fill(rng)['mun_gen']]
            for i, dt in enumerate(dts):
                title = self.corpus.unique(lambda: self.text(rng, rng.choice(EVENT_TITLES)), rng)
                href = '%s%s/' % (Ls.get('item_base', Ls['path'].rstrip('/') + '/'), slugify(title, 44))
                if (i >= 3 if Ls.get('ascending') else i < len(dts) - 3) and not Ls.get('all_pages'):
                    href = None   # calendar entries without a page of their own
                items.append(Item(title, dt, href, extra=dict(place=rng.choice(places)), kind=kind))
        elif kind in ('documents', 'npa', 'anticorruption'):
            types = DOC_TYPES if kind != 'npa' else [DOC_TYPES[0], DOC_TYPES[3], DOC_TYPES[5], DOC_TYPES[2]]
            for dt in self.back_dates(self.latest - timedelta(days=rng.randint(0, 4)), n, rng, (1, 2, 3, 5, 7, 9)):
                typ, suf = rng.choice(types)
                typ = self.text(rng, typ)
                num = '%d%s' % (rng.randint(12, 980), suf)
                subj = self.text(rng, rng.choice(DOC_SUBJ))
                title = '%s от %s № %s «%s»' % (typ, ddot(dt), num, subj) if Ls.get('full_titles', True) else subj
                ext = rng.choice(['pdf', 'pdf', 'pdf', 'docx', 'rtf'])
                items.append(Item(title, dt, th.file(rng, ext), kind=kind,
                                  extra=dict(type=typ, num=num, subj=subj, ext=ext.upper(),
                                             size='%d КБ' % rng.randint(40, 2400))))
        elif kind == 'vacancies':
            depts = ['отдел инвестиционной политики', 'отдел поддержки экспорта', 'управление развития МСП',
                     'правовой отдел', 'отдел бухгалтерского учёта и отчётности', 'отдел промышленной политики']
            for dt in self.back_dates(self.latest - timedelta(days=rng.randint(0, 6)), n, rng, (2, 3, 5, 8, 12)):
                items.append(Item(rng.choice(POSTS), dt, th.file(rng, 'docx'), kind=kind,
                                  extra=dict(dept=rng.choice(depts), till=dt + timedelta(days=21),
                                             salary='от %d 000 руб.' % rng.randint(38, 95))))
        elif kind == 'tenders':
            methods = ['электронного аукциона', 'запроса котировок в электронной форме',
                       'открытого конкурса в электронной форме', 'запроса предложений в электронной форме']
            for dt in self.back_dates(self.latest - timedelta(days=rng.randint(0, 5)), n, rng, (1, 2, 4, 6, 9)):
                reg = '0%d%s' % (rng.randint(1000000000, 9999999999), '25' + '%06d' % rng.randint(1, 999999))
                subj = self.text(rng, rng.choice(TENDER_SUBJ))
                items.append(Item('Извещение о проведении %s № %s на %s' % (rng.choice(methods), reg, subj), dt,
                                  th.file(rng, 'pdf'), kind=kind,
                                  extra=dict(reg=reg, subj=subj, till=dt + timedelta(days=rng.randint(7, 20)),
                                             price='%d %03d,%02d руб.' % (rng.randint(1, 4800), rng.randint(0, 999),
                                                                          rng.randint(0, 99)))))
        elif kind == 'competitions':
            for dt in self.back_dates(self.latest - timedelta(days=rng.randint(0, 6)), n, rng, (3, 5, 8, 11)):
                title = self.text(rng, rng.choice(COMPET_SUBJ))
                href = th.file(rng, 'pdf') if len(items) >= 2 else \
                    '%s%s-%s/' % (Ls.get('item_base', Ls['path'].rstrip('/') + '/'), slugify(title, 40), dt.strftime('%d%m%y'))
                st = 'Приём заявок' if dt > self.latest - timedelta(days=20) else 'Завершён'
                items.append(Item(title, dt, href, kind=kind,
                                  extra=dict(start=dt + timedelta(days=1), end=dt + timedelta(days=31), status=st)))
        elif kind == 'appeals':
            q = ['I квартал 2025', 'IV квартал 2024', 'III квартал 2024', 'II квартал 2024', 'I квартал 2024',
                 'IV квартал 2023', '2024 год', '2023 год']
            dt = datetime(2025, 4, 8, 10, 0)
            for i, qq in enumerate(q[:n if n < 8 else 8]):
                items.append(Item('Обзор обращений граждан за %s' % qq, dt - timedelta(days=91 * i + rng.randint(0, 9)),
                                  th.file(rng, 'pdf'), kind=kind))
        elif kind == 'opendata':
            sets = ['Реестр субъектов МСП — получателей поддержки', 'Перечень инвестиционных площадок',
                    'Реестр индустриальных парков', 'Сведения о государственных программах', 'Перечень государственных услуг',
                    'Реестр инвестиционных проектов', 'Сведения о проверках', 'Перечень подведомственных организаций',
                    'Реестр соглашений о защите капиталовложений', 'Перечень информационных систем']
            for i, dt in enumerate(self.back_dates(self.latest - timedelta(days=3), min(n, len(sets)), rng, (4, 9, 15, 30))):
                code = '%s-%d' % (slugify(self.host.split('.')[0], 10), 1000 + i)
                items.append(Item(sets[i], dt, '/opendata/%s/data-%s-structure-1.csv' % (code, dt.strftime('%Y%m%d')),
                                  kind=kind, extra=dict(code=code)))
        elif kind in ('dayplan',):
            day = self.latest.replace(hour=9, minute=0) + timedelta(days=1)
            for i in range(n):
                dt = day + timedelta(minutes=45 * i + rng.choice([0, 15]))
                items.append(Item(self.corpus.unique(lambda: self.text(rng, rng.choice(EVENT_TITLES)), rng), dt, None,
                                  extra=dict(place=rng.choice(['Дом Правительства', 'Кабинет министров', 'онлайн', 'Технопарк'])),
                                  kind=kind))
        elif kind in ('contacts', 'structure', 'landing', 'text'):
            items = []
        else:
            raise ValueError(kind)
        Ls['items'], Ls['items2'] = items[:n], items[n:]
        if Ls.get('page2') and not Ls['items2']:
            raise RuntimeError('%s: no page-2 items for %s' % (self.key, Ls['path']))
        return Ls

    def footer_cols(self):
        if 'footer' in self.spec:
            return self.spec['footer']
        return [(m, m.children) for m in self.menu if m.children][:4]

    def parents(self):
        out = {}
        for m in self.menu:
            if m.children and m.href and not m.external and m.href != '#':
                out.setdefault(m.href, (m.label, m.children))
        for head, kids in self.footer_cols():
            if head and head.href and not head.external and head.href != '#' and kids:
                out.setdefault(head.href, (head.label, kids))
        return out

    # ---------------- build
    def build(self):
        spec, th = self.spec, self.theme
        for Ls in spec['lists']:
            Ls = dict(Ls)
            self.gen_items(Ls)
            self.lists.append(Ls)
            self.by_path[Ls['path']] = Ls
            if Ls.get('role') == 'press':
                if self.press:
                    raise RuntimeError('two press lists on ' + self.key)
                self.press = Ls
        if not self.press:
            raise RuntimeError('no press list on ' + self.key)
        # articles of the body's own press material
        for Ls in self.lists:
            if Ls['kind'] in ('news', 'releases'):
                for it in Ls['items'] + Ls['items2']:
                    path = urlsplit(it.href).path
                    self.add_page(path, th.article_page(self, it, Ls))
        # list pages
        for Ls in self.lists:
            pages = [Ls['path']] + ([Ls['page2']] if Ls.get('page2') else [])
            chunks = [Ls['items'], Ls['items2']]
            links = Ls.get('pager_links', pages)
            for i, p in enumerate(pages):
                self.add_page(p, th.list_page(self, Ls, chunks[i], i + 1, links))
            if Ls.get('alias'):
                self.add_page(Ls['alias'], th.list_page(self, Ls, Ls['items'], 1, links))
        for path, land in spec.get('landings', {}).items():
            self.add_page(path, th.landing_page(self, path, land['title'], land['tiles'], land.get('text', '')))
        self.add_page('/', th.home_page(self))
        self.autofill()

    def internal_links(self, path, text):
        for m in LINK_RE.finditer(text):
            href = html.unescape(m.group(3))
            t = resolve(path, href)
            if t is not None:
                yield t, m

    def autofill(self):
        parents = self.parents()
        for _ in range(6):
            missing = {}
            for path, text in list(self.pages.items()):
                for a in ANCHOR_RE.finditer(text):
                    href = html.unescape(a.group(2))
                    t = resolve(path, href)
                    if t is None or t in self.pages or is_asset(t):
                        continue
                    label = strip_tags(a.group(3)).strip() or attr(a.group(0), 'title') or attr(a.group(0), 'aria-label')
                    if t not in missing or (label and not missing[t]):
                        missing[t] = label
                for f in FORM_RE.finditer(text):
                    t = resolve(path, html.unescape(f.group(2)))
                    if t is not None and t not in self.pages and not is_asset(t):
                        missing.setdefault(t, 'Поиск по сайту')
            if not missing:
                return
            for t in sorted(missing):
                label = missing[t] or 'Раздел'
                if t in parents:
                    lab, kids = parents[t]
                    self.add_page(t, self.theme.landing_page(self, t, lab, [(k.label, k.href, '') for k in kids]))
                elif t == self.spec.get('sitemap'):
                    self.add_page(t, self.theme.sitemap_page(self, t))
                else:
                    self.add_page(t, self.theme.stub_page(self, t, label))
        raise RuntimeError('autofill did not converge on ' + self.key)


LINK_RE = re.compile(r'''\s(href|action)\s*=\s*(["'])(.*?)\2''', re.S)
ANCHOR_RE = re.compile(r'''<a\b[^>]*?\shref\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a>''', re.S)
FORM_RE = re.compile(r'''<form\b[^>]*?\saction\s*=\s*(["'])(.*?)\1''', re.S)
ASSET_EXT = ('.css', '.js', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.ico', '.pdf', '.doc', '.docx', '.xls',
             '.xlsx', '.rtf', '.zip', '.rar', '.csv', '.webp', '.woff2', '.mp4', '.xml', '.odt', '.sig')


def strip_tags(s):
    return html.unescape(re.sub(r'<[^>]+>', ' ', re.sub(r'<!--.*?-->', ' ', s, flags=re.S))).replace('\xa0', ' ')


def attr(tag, name):
    m = re.search(r'''\s%s\s*=\s*(["'])(.*?)\1''' % re.escape(name), tag)
    return html.unescape(m.group(2)) if m else ''


def is_asset(path):
    return path.lower().endswith(ASSET_EXT)


def resolve(page_path, href):
    """Internal URL path a link points to, or None for external / non-navigational links."""
    href = href.strip()
    if not href or href.startswith(('#', 'mailto:', 'tel:', 'javascript:', 'data:')):
        return None
    if re.match(r'^[a-z][a-z0-9+.-]*:', href, re.I) or href.startswith('//'):
        return None
    u = urlsplit(urljoin('http://site.invalid' + page_path, href))
    return u.path or '/'


def url_to_file(path):
    """URL path -> file path relative to the site root (the static server's mapping)."""
    if path.endswith('/'):
        return path[1:] + 'index.html'
    last = path.rsplit('/', 1)[-1].lower()
    if last.endswith(('.html', '.htm')):
        return path[1:]
    return path[1:] + '/index.html'


# ----------------------------------------------------------------------------------------------
# themes (markup families)
# ----------------------------------------------------------------------------------------------
def today_line(s):
    d = s.latest + timedelta(days=1)
    return '%s, %d %s %d' % (WEEKDAYS[d.weekday()], d.day, MONTHS_GEN[d.month - 1], d.year)


class Theme:
    key = 'custom'
    charset = 'utf-8'
    img_dir = '/upload/images/'
    file_dir = '/upload/files/'
    ct = 'container'
    nav_c = dict(nav='main-nav', ul='menu', li='menu__item', lip='menu__item menu__item--parent',
                 a='menu__link', sub='menu__sub', subli='menu__sub-item')

    # ---- assets
    def img(self, rng):
        return '%s%s/%s.jpg' % (self.img_dir, hx(rng, 3), hx(rng, 24))

    def file(self, rng, ext='pdf'):
        return '%s%s/%s.%s' % (self.file_dir, hx(rng, 3), hx(rng, 20), ext)

    def meta_charset(self):
        return '<meta charset="utf-8">\n'

    def head_extra(self, s):
        return ('<link rel="stylesheet" href="/local/css/bootstrap.min.css">\n'
                '<link rel="stylesheet" href="/local/css/main.css">\n<link rel="icon" href="/favicon.ico">\n'
                '<script src="/local/js/jquery.min.js"></script>\n')

    # ---- skeleton
    def doc(self, s, path, title, main, body_cls=''):
        return ('<!DOCTYPE html>\n<html lang="ru">\n<head>\n%s'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>%s</title>\n'
                '<meta name="description" content="%s">\n%s</head>\n<body class="%s">\n%s\n'
                '<main class="main" id="main">\n%s\n</main>\n%s\n%s</body>\n</html>\n') % (
            self.meta_charset(), esc(title), esc(s.name), self.head_extra(s), body_cls,
            self.header(s, path), main, self.footer(s), self.counters(s))

    def socials(self, s, cls='social'):
        links = [('https://vk.com/%s' % s.vk, 'ВКонтакте', 'vk'), ('https://t.me/%s' % s.tg, 'Telegram', 'tg'),
                 ('https://ok.ru/group/%d' % (s.metrika * 7), 'Одноклассники', 'ok')]
        return '<ul class="%s">%s</ul>' % (cls, ''.join(
            '<li><a href="%s" target="_blank" rel="noopener" aria-label="%s" class="%s__link %s__link--%s">'
            '<svg class="icon"><use xlink:href="/local/img/sprite.svg#%s"></use></svg></a></li>'
            % (h, t, cls, cls, k, k) for h, t, k in links))

    def search_form(self, s):
        return ('<form class="search-form" action="%s" method="get" role="search">'
                '<input type="search" name="q" placeholder="Поиск по сайту" aria-label="Поиск по сайту">'
                '<button type="submit" class="search-form__btn">Найти</button></form>' % s.spec.get('search', '/search/'))

    def special_link(self, s):
        sp = s.spec.get('special', '/special/')
        if sp == '#':
            return ('<a href="#" class="eye-link js-bvi-panel" title="Версия для слабовидящих" '
                    'aria-label="Версия для слабовидящих"><svg class="icon"><use xlink:href="/local/img/sprite.svg#eye">'
                    '</use></svg></a>')
        return '<a href="%s" class="eye-link">Версия для слабовидящих</a>' % sp

    def header(self, s, path):
        top = ['<div class="topbar"><div class="%s topbar__inner">' % self.ct, self.special_link(s)]
        if s.spec.get('today'):
            top.append('<span class="topbar__today">%s</span>' % today_line(s))
        top.append('<a class="topbar__phone" href="tel:%s">%s</a>' % (re.sub(r'[^\d+]', '', s.phone), s.phone))
        top.append(self.socials(s))
        top.append('</div></div>')
        hdr = ('<header class="header"><div class="%s header__inner"><a class="logo" href="/">'
               '<img class="logo__img" src="/local/img/gerb.svg" alt="Герб %s" width="56" height="64">'
               '<span class="logo__text">%s</span></a>%s</div></header>') % (self.ct, esc(s.R['gen']), esc(s.name),
                                                                          self.search_form(s))
        return ''.join(top) + '\n' + hdr + '\n' + self.nav(s, path)

    def menu_a(self, m, cls=''):
        if m.href is None:
            return '<span class="%s">%s</span>' % (cls, esc(m.label))
        at = ' class="%s"' % cls if cls else ''
        if m.external:
            at += ' target="_blank" rel="noopener"'
        if m.title:
            at += ' title="%s"' % esc(m.title)
        if m.aria:
            at += ' aria-label="%s"' % esc(m.aria)
        inner = m.icon if m.icon else esc(m.label)
        return '<a href="%s"%s>%s</a>' % (esc(m.href), at, inner)

    def nav(self, s, path):
        c = self.nav_c
        out = ['<nav class="%s" aria-label="Главное меню"><div class="%s"><ul class="%s">' % (c['nav'], self.ct, c['ul'])]
        for m in s.menu:
            out.append('<li class="%s">%s' % (c['lip'] if m.children else c['li'], self.menu_a(m, c['a'])))
            if m.children:
                out.append('<ul class="%s">' % c['sub'])
                out.extend('<li class="%s">%s</li>' % (c['subli'], self.menu_a(ch)) for ch in m.children)
                out.append('</ul>')
            out.append('</li>')
        out.append('</ul></div></nav>')
        return '\n'.join(out)

    def useful(self, s):
        return s.spec.get('useful', [
            M('Госуслуги', 'https://www.gosuslugi.ru/'),
            M('Портал МСП', 'https://xn--l1agf.xn--p1ai/'),
            M('Мой экспорт', 'https://myexport.exportcenter.ru/'),
            M('Официальный портал %s' % s.R['gen'], s.spec.get('portal', 'https://www.%s-region.ru/' % s.spec['region'])),
        ])

    def footer(self, s):
        out = ['<footer class="footer"><div class="%s">' % self.ct, '<div class="footer__cols row">']
        for head, kids in s.footer_cols():
            out.append('<div class="footer__col col-md-3"><div class="footer__title">%s</div><ul class="footer__menu">%s</ul></div>'
                       % (self.menu_a(head) if head.href else esc(head.label),
                          ''.join('<li>%s</li>' % self.menu_a(k) for k in kids)))
        out.append('</div>')
        out.append('<div class="footer__useful">%s</div>' % ' '.join(self.menu_a(m, 'footer__banner') for m in self.useful(s)))
        out.append('<div class="footer__contacts"><p>%s, г. %s, %s, д. %d</p><p>Телефон: %s</p>'
                   '<p>E-mail: <a href="mailto:%s">%s</a></p></div>' % (s.index, s.R['cap'], s.street, s.house,
                                                                       s.phone, s.email, s.email))
        extra = s.spec.get('footer_extra', [])
        if s.spec.get('sitemap'):
            extra = extra + [M('Карта сайта', s.spec['sitemap'])]
        out.append('<div class="footer__bottom"><p>© %d–2025 %s. При использовании материалов ссылка на сайт обязательна.</p>'
                   '<ul class="footer__links">%s</ul></div>' % (s.year0, esc(s.name),
                                                                ''.join('<li>%s</li>' % self.menu_a(m) for m in extra)))
        out.append('</div></footer>')
        return '\n'.join(out)

    def counters(self, s):
        return ('<!-- Yandex.Metrika counter -->\n<script async src="https://mc.yandex.ru/metrika/tag.js"></script>\n'
                '<script>window.ym&&ym(%d, "init", {clickmap:true, trackLinks:true});</script>\n'
                '<noscript><div><img src="https://mc.yandex.ru/watch/%d" style="position:absolute; left:-9999px;" alt=""></div></noscript>\n'
                '<!-- /Yandex.Metrika counter -->\n'
                '<div class="cookie-notice" id="cookie-notice" role="dialog"><div class="cookie-notice__text">Сайт использует '
                'файлы cookie и сервис веб-аналитики Яндекс.Метрика. Продолжая работу с сайтом, вы соглашаетесь с '
                '<a href="%s">политикой обработки персональных данных</a>.</div>'
                '<button type="button" class="cookie-notice__btn">Согласен</button></div>\n'
                '<script src="https://pos.gosuslugi.ru/bin/script.min.js"></script>\n') % (
            s.metrika, s.metrika, s.spec.get('policy', '/politika-konfidentsialnosti/'))

    def crumbs(self, crumbs):
        if not crumbs:
            return ''
        parts = ['<li class="breadcrumbs__item"><a href="/">Главная</a></li>']
        for label, href in crumbs:
            if href:
                parts.append('<li class="breadcrumbs__item"><a href="%s">%s</a></li>' % (esc(href), esc(label)))
            else:
                parts.append('<li class="breadcrumbs__item breadcrumbs__item--current"><span>%s</span></li>' % esc(label))
        return '<ul class="breadcrumbs">%s</ul>\n' % ''.join(parts)

    def page(self, s, path, title, content, crumbs, h1=True):
        main = '<div class="%s page">\n%s%s\n%s\n</div>' % (
            self.ct, self.crumbs(crumbs), '<h1 class="page-title">%s</h1>' % esc(title) if h1 else '', content)
        return self.doc(s, path, '%s — %s' % (title, s.short), main, 'page-inner')

    # ---- dates / extras
    def date(self, s, it, fmt=None):
        return fmt_date(it.dt, fmt or s.fmt, s.off)

    def extra_line(self, s, it):
        k, e = it.kind, it.extra
        if k in ('repost', 'smi'):
            return 'Источник: %s' % esc(e['org'])
        if k == 'ministries':
            return esc(e['org'])
        if k == 'events':
            return 'Место проведения: %s. Начало в %s' % (esc(e['place']), it.dt.strftime('%H:%M'))
        if k == 'photo':
            return '%d фото' % e['count']
        if k == 'video':
            return 'Продолжительность %s' % e['dur']
        return ''

    def title_link(self, it, cls=''):
        c = ' class="%s"' % cls if cls else ''
        if not it.href:
            return '<span%s>%s</span>' % (c, esc(it.title))
        ext = ' target="_blank" rel="noopener"' if it.href.startswith('http') else ''
        return '<a href="%s"%s%s>%s</a>' % (esc(it.href), c, ext, esc(it.title))

    # ---- listings
    def cards(self, s, items, kind, compact=False):
        out = ['<div class="news-list%s">' % (' news-list--compact' if compact else '')]
        for it in items:
            out.append('<div class="news-list__item news-card">')
            if it.img and it.href and not compact:
                out.append('<a class="news-card__img" href="%s"><img src="%s" alt="" loading="lazy"></a>' % (esc(it.href), it.img))
            out.append('<div class="news-card__body"><div class="news-card__date">%s</div>' % self.date(s, it))
            out.append('<div class="news-card__title">%s</div>' % self.title_link(it))
            ex = self.extra_line(s, it)
            if ex:
                out.append('<div class="news-card__meta">%s</div>' % ex)
            if it.lead and not compact:
                out.append('<p class="news-card__text">%s</p>' % esc(it.lead))
            out.append('</div></div>')
        out.append('</div>')
        return '\n'.join(out)

    def table(self, s, heads, rows, cls='table table-striped'):
        out = ['<table class="%s"><thead><tr>%s</tr></thead><tbody>' % (cls, ''.join('<th>%s</th>' % h for h in heads))]
        for r in rows:
            out.append('<tr>%s</tr>' % ''.join('<td>%s</td>' % c for c in r))
        out.append('</tbody></table>')
        return '\n'.join(out)

    def docs(self, s, items):
        rows = [[ddot(it.dt), '№ %s' % esc(it.extra['num']), '<a href="%s">%s</a>' % (esc(it.href), esc(it.title)),
                 '%s, %s' % (it.extra['ext'], it.extra['size'])] for it in items]
        return self.table(s, ['Дата', 'Номер', 'Наименование документа', 'Файл'], rows, 'table table-docs')

    def doc_filter(self, s, path):
        return ('<form class="filter" action="%s" method="get"><select name="type" aria-label="Вид документа">'
                '<option value="">Все виды документов</option><option>Постановление</option><option>Распоряжение</option>'
                '<option>Приказ</option><option>Закон</option></select><select name="year" aria-label="Год">'
                '<option>2025</option><option>2024</option><option>2023</option></select>'
                '<input type="text" name="q" placeholder="Номер или название"><button type="submit">Показать</button></form>' % path)

    def pager(self, s, pages, cur):
        out = ['<div class="pagination"><ul class="pagination__list">']
        if cur > 1:
            out.append('<li class="pagination__prev"><a href="%s">← Предыдущая</a></li>' % pages[cur - 2])
        for i, p in enumerate(pages, 1):
            out.append('<li class="pagination__item active"><span>%d</span></li>' % i if i == cur else
                       '<li class="pagination__item"><a href="%s">%d</a></li>' % (p, i))
        if cur < len(pages):
            out.append('<li class="pagination__next"><a href="%s">Следующая →</a></li>' % pages[cur])
        out.append('</ul></div>')
        return '\n'.join(out)

    def list_body(self, s, Ls, items):
        k = Ls['kind']
        if k in ('news', 'releases', 'mixed', 'ministries', 'repost', 'smi', 'photo', 'video', 'events'):
            intro = ''
            if k == 'events':
                intro = '<p class="lead">Анонсы мероприятий с участием руководства и специалистов. Время местное.</p>'
            if k in ('repost',):
                intro = '<p class="lead">Подборка материалов федеральных и региональных СМИ по отраслевой тематике.</p>'
            if k == 'smi':
                intro = '<p class="lead">Публикации средств массовой информации о нашей работе.</p>'
            return intro + self.cards(s, items, k)
        if k in ('documents', 'npa'):
            return self.doc_filter(s, Ls['path']) + self.docs(s, items)
        if k == 'vacancies':
            rows = [[ddot(it.dt), '<a href="%s">%s</a>' % (esc(it.href), esc(it.title)), esc(it.extra['dept']),
                     ddot(it.extra['till']), it.extra['salary']] for it in items]
            return ('<p>Объявления о приёме документов для участия в конкурсе на замещение вакантных должностей '
                    'государственной гражданской службы.</p>' +
                    self.table(s, ['Дата размещения', 'Должность', 'Подразделение', 'Приём документов до', 'Денежное содержание'], rows))
        if k == 'tenders':
            rows = [[ddot(it.dt), '<a href="%s">%s</a>' % (esc(it.href), esc(it.title)), it.extra['price'],
                     ddot(it.extra['till'])] for it in items]
            return ('<p>Информация о закупках размещается в Единой информационной системе в сфере закупок '
                    '<a href="https://zakupki.gov.ru/" target="_blank" rel="noopener">zakupki.gov.ru</a>.</p>' +
                    self.table(s, ['Дата размещения', 'Закупка', 'Начальная (максимальная) цена', 'Окончание подачи заявок'], rows))
        if k == 'competitions':
            rows = [[ddot(it.dt), '<a href="%s">%s</a>' % (esc(it.href), esc(it.title)),
                     'с %s по %s' % (ddot(it.extra['start']), ddot(it.extra['end'])), it.extra['status']] for it in items]
            return self.table(s, ['Дата объявления', 'Наименование', 'Срок приёма заявок', 'Статус'], rows)
        if k == 'appeals':
            return ('<p>Обращения граждан принимаются в письменной форме по почте, через интернет-приёмную и на личном '
                    'приёме. Срок рассмотрения обращения — 30 дней со дня регистрации.</p><p>Почтовый адрес: %s, г. %s, %s, д. %d.</p>'
                    '<h2>Обзоры обращений</h2>%s' % (s.index, s.R['cap'], s.street, s.house,
                                                     self.table(s, ['Дата', 'Документ'], [[ddot(it.dt), '<a href="%s">%s</a>' % (
                                                         esc(it.href), esc(it.title))] for it in items])))
        if k == 'anticorruption':
            subs = ['Нормативные правовые и иные акты в сфере противодействия коррупции', 'Методические материалы',
                    'Формы документов, связанных с противодействием коррупции', 'Сведения о доходах, расходах, об имуществе',
                    'Комиссия по соблюдению требований к служебному поведению', 'Обратная связь для сообщений о фактах коррупции']
            base = Ls['path'].rstrip('/') + '/'
            links = ''.join('<li><a href="%s%s/">%s</a></li>' % (base, slugify(t, 30), t) for t in subs)
            return '<ul class="section-links">%s</ul><h2>Документы</h2>%s' % (links, self.docs(s, items))
        if k == 'opendata':
            rows = [[str(i + 1), esc(it.title), it.extra['code'], ddot(it.dt), '<a href="%s">CSV</a>' % it.href]
                    for i, it in enumerate(items)]
            return ('<p>Наборы открытых данных опубликованы в соответствии с методическими рекомендациями.</p>' +
                    self.table(s, ['№', 'Наименование набора', 'Идентификатор', 'Дата последнего изменения', 'Файл'], rows))
        if k == 'contacts':
            rng = rng_for(s.key, 'contacts')
            rows = [[p, person(rng)[0], '%s, доб. %d' % (s.phone, rng.randint(100, 399))] for p in
                    ['Приёмная', 'Первый заместитель', 'Отдел инвестиционной политики', 'Отдел поддержки МСП',
                     'Пресс-служба', 'Отдел кадров']]
            return ('<p>Адрес: %s, г. %s, %s, д. %d</p><p>Режим работы: пн–чт 9:00–18:00, пт 9:00–17:00</p>'
                    '<p>E-mail: <a href="mailto:%s">%s</a></p>%s' % (s.index, s.R['cap'], s.street, s.house, s.email, s.email,
                                                                     self.table(s, ['Подразделение', 'Ф. И. О.', 'Телефон'], rows)))
        if k == 'structure':
            rng = rng_for(s.key, 'structure')
            deps = ['Управление инвестиционной политики', 'Отдел сопровождения инвестиционных проектов',
                    'Управление развития предпринимательства', 'Отдел внешнеэкономической деятельности',
                    'Отдел промышленной политики', 'Правовой отдел', 'Отдел бухгалтерского учёта', 'Отдел кадровой работы']
            rows = [[d, person(rng)[0], s.phone] for d in deps]
            return self.table(s, ['Подразделение', 'Руководитель', 'Телефон'], rows)
        if k == 'dayplan':
            rows = [[it.dt.strftime('%H:%M'), esc(it.title), esc(it.extra['place'])] for it in items]
            d = items[0].dt
            return '<h2>План мероприятий на %s</h2>%s' % (dtext(d), self.table(s, ['Время', 'Мероприятие', 'Место'], rows))
        raise ValueError(k)

    def list_crumbs(self, s, Ls):
        return list(Ls.get('crumbs', [])) + [(Ls['title'], None)]

    def list_page(self, s, Ls, items, page_no, pages):
        body = self.list_body(s, Ls, items)
        if len(pages) > 1:
            body += self.pager(s, pages, page_no)
        title = Ls['title'] + ('' if page_no == 1 else ' — страница %d' % page_no)
        return self.page(s, Ls['path'], title, body, self.list_crumbs(s, Ls))

    # ---- detail pages
    def share(self, s):
        return ('<div class="share"><span>Поделиться:</span> <a href="https://vk.com/%s" target="_blank" rel="noopener">ВКонтакте</a> '
                '<a href="https://t.me/%s" target="_blank" rel="noopener">Telegram</a></div>' % (s.vk, s.tg))

    def article_body(self, s, it, Ls):
        img = '<figure class="news-detail__img"><img src="%s" alt="%s"></figure>' % (it.img, esc(it.title)) if it.img else ''
        return ('<div class="news-detail"><div class="news-detail__date">%s</div>%s<div class="news-detail__text">%s</div>%s'
                '<p><a class="back-link" href="%s">← Вернуться к списку</a></p></div>') % (
            fmt_date(it.dt, s.spec.get('art_fmt', 'dmy_text_time'), s.off), img,
            ''.join('<p>%s</p>' % esc(p) for p in it.paras), self.share(s), esc(Ls['path']))

    def article_page(self, s, it, Ls):
        crumbs = list(Ls.get('crumbs', [])) + [(Ls['title'], Ls['path']), (it.title, None)]
        return self.page(s, urlsplit(it.href).path, it.title, self.article_body(s, it, Ls), crumbs)

    def tiles_html(self, tiles):
        return '<div class="tiles row">%s</div>' % ''.join(
            '<div class="col-md-4"><a class="tile" href="%s"%s><span class="tile__title">%s</span>%s</a></div>' % (
                esc(h), ' target="_blank" rel="noopener"' if h.startswith('http') else '', esc(l),
                '<span class="tile__desc">%s</span>' % esc(d) if d else '') for l, h, d in tiles)

    def landing_page(self, s, path, title, tiles, text=''):
        body = ('<p>%s</p>' % esc(text) if text else '') + self.tiles_html(tiles)
        return self.page(s, path, title, body, [(title, None)])

    def stub_page(self, s, path, label):
        rng = rng_for(s.key, 'stub', path)
        paras = [
            'Раздел содержит информацию о деятельности: %s.' % s.name,
            'Информация актуализируется ответственными подразделениями по мере поступления. '
            'По вопросам, связанным с работой раздела, обращайтесь по телефону %s.' % s.phone,
        ]
        if rng.random() < 0.5:
            paras.append('Дополнительные сведения можно получить в приёмной по адресу: г. %s, %s, д. %d.' % (
                s.R['cap'], s.street, s.house))
        body = ''.join('<p>%s</p>' % esc(p) for p in paras)
        return self.page(s, path, label, body, [(label, None)])

    def sitemap_page(self, s, path):
        out = ['<ul class="sitemap">']
        for m in s.menu:
            out.append('<li>%s' % self.menu_a(m))
            if m.children:
                out.append('<ul>%s</ul>' % ''.join('<li>%s</li>' % self.menu_a(c) for c in m.children))
            out.append('</li>')
        out.append('</ul>')
        return self.page(s, path, 'Карта сайта', ''.join(out), [('Карта сайта', None)])

    # ---- home page
    def slider(self, s):
        rng = rng_for(s.key, 'slider')
        first = s.press['items'][0]
        slides = [(first.title, first.href, first.img or self.img(rng)),
                  ('Госуслуги — Решаем вместе: сообщите о проблеме', 'https://pos.gosuslugi.ru/landing/', self.img(rng))]
        extra = s.spec.get('slide')
        if extra:
            slides.append((extra[0], extra[1], self.img(rng)))
        return '<section class="main-slider"><div class="swiper"><div class="swiper-wrapper">%s</div>' \
               '<div class="swiper-pagination"></div></div></section>' % ''.join(
                   '<div class="swiper-slide"><a href="%s"%s><img src="%s" alt=""><div class="slide__caption">%s</div></a></div>' % (
                       esc(h), ' target="_blank" rel="noopener"' if h.startswith('http') else '', img, esc(t))
                   for t, h, img in slides)

    def all_link(self, s, opts, where):
        a = opts.get('all')
        if not a:
            return ''
        label, href, style = a
        if style == 'icon' and where == 'head':
            return '<a class="section-head__icon" href="%s" title="%s" aria-label="%s">%s</a>' % (
                href, esc(label), esc(label), ICON_ARROW)
        if style == 'head' and where == 'head':
            return '<a class="section-head__link" href="%s">%s</a>' % (href, esc(label))
        if style == 'bottom' and where == 'bottom':
            return '<div class="section-more"><a class="btn btn-more" href="%s">%s</a></div>' % (href, esc(label))
        return ''

    def home_news(self, s):
        o = s.spec.get('home', {})
        if o.get('tabs'):
            return self.home_tabs(s, o)
        items = s.press['items'][:o.get('k', 5)]
        head = '<h2 class="section-title">%s</h2>' % esc(o.get('title', 'Новости'))
        if o.get('all') and o['all'][2] == 'title':
            head = '<h2 class="section-title"><a href="%s">%s</a></h2>' % (o['all'][1], esc(o['all'][0]))
        return ('<section class="home-news"><div class="section-head">%s%s</div>\n%s\n%s</section>' % (
            head, self.all_link(s, o, 'head'), self.cards(s, items, 'news', compact=o.get('compact', False)),
            self.all_link(s, o, 'bottom')))

    def home_tabs(self, s, o):
        nav, panes = [], []
        for i, (title, path, all_label) in enumerate(o['tabs']):
            Ls = s.by_path[path]
            nav.append('<li class="tabs__tab%s" data-tab="%d"><span>%s</span></li>' % (' is-active' if i == 0 else '', i, esc(title)))
            more = '<a class="tabs__more" href="%s">%s</a>' % (path, esc(all_label)) if all_label else ''
            panes.append('<div class="tabs__pane%s" data-pane="%d">%s%s</div>' % (
                ' is-active' if i == 0 else '', i, self.cards(s, Ls['items'][:4], Ls['kind'], compact=True), more))
        return '<section class="home-news tabs"><ul class="tabs__nav">%s</ul>%s</section>' % (''.join(nav), ''.join(panes))

    def home_block(self, s, path, title, all_label):
        Ls = s.by_path[path]
        items = Ls['items'][:3]
        if Ls['kind'] in ('documents', 'npa'):
            body = '<ul class="docs-mini">%s</ul>' % ''.join(
                '<li><span class="docs-mini__date">%s</span> <a href="%s">%s</a></li>' % (ddot(it.dt), it.href, esc(it.title))
                for it in items)
        else:
            body = self.cards(s, items, Ls['kind'], compact=True)
        more = '<a class="section-head__link" href="%s">%s</a>' % (path, esc(all_label)) if all_label else ''
        return '<section class="home-block"><div class="section-head"><h2 class="section-title">%s</h2>%s</div>%s</section>' % (
            esc(title), more, body)

    def home_blocks(self, s):
        return '\n'.join(self.home_block(s, *b) for b in s.spec.get('home', {}).get('blocks', []))

    def tiles(self, s):
        t = s.spec.get('tiles') or [
            ('Меры поддержки бизнеса', '/podderzhka/', ''), ('Инвестиционная карта', 'https://investmap.%s-region.ru/' % s.spec['region'], ''),
            ('Интернет-приёмная', '/priemnaya/', ''), ('Реестр получателей поддержки', 'https://rmsp-pp.nalog.ru/', ''),
            ('Инвестиционные площадки', 'https://investmap.%s-region.ru/ploshchadki/' % s.spec['region'], ''),
            ('Вопросы и ответы', '/faq/', '')]
        return '<section class="services"><h2 class="section-title">Сервисы</h2>%s</section>' % self.tiles_html(t)

    def partners(self, s):
        return ('<section class="partners"><div class="%s"><a href="https://www.gosuslugi.ru/" target="_blank" rel="noopener">'
                '<img src="/local/img/banners/gosuslugi.png" alt="Госуслуги"></a><a href="https://xn--90aifddrld7a.xn--p1ai/" '
                'target="_blank" rel="noopener"><img src="/local/img/banners/mb.png" alt="Мой бизнес"></a>'
                '<a href="https://www.exportcenter.ru/" target="_blank" rel="noopener"><img src="/local/img/banners/rec.png" '
                'alt="Российский экспортный центр"></a></div></section>' % self.ct)

    def home(self, s):
        return '%s\n<div class="%s home">\n%s\n%s\n%s\n</div>\n%s' % (
            self.slider(s), self.ct, self.home_news(s), self.home_blocks(s), self.tiles(s), self.partners(s))

    def home_page(self, s):
        return self.doc(s, '/', s.name, self.home(s), 'front')


class BitrixTheme(Theme):
    key = 'bitrix'
    img_dir = '/upload/iblock/'
    file_dir = '/upload/iblock/'
    nav_c = dict(nav='bx-top-nav', ul='bx-nav-list-1-lvl', li='bx-nav-1-lvl', lip='bx-nav-1-lvl bx-nav-parent',
                 a='bx-nav-1-lvl-link', sub='bx-nav-list-2-lvl', subli='bx-nav-2-lvl')

    def head_extra(self, s):
        tpl = s.spec.get('tpl', 'main')
        h = hx(rng_for(s.key, 'bxcss'), 32)
        return ('<link href="/bitrix/js/ui/design-tokens/dist/ui.design-tokens.css" type="text/css" rel="stylesheet">\n'
                '<link href="/bitrix/cache/css/s1/%s/template_%s/template_%s.css" type="text/css" rel="stylesheet">\n'
                '<link href="/bitrix/templates/%s/template_styles.css" type="text/css" rel="stylesheet">\n'
                '<script src="/bitrix/js/main/core/core.js"></script>\n<script>BX.message({"SITE_ID":"s1"});</script>\n') % (
            tpl, h[:16], h[16:], tpl)

    def cards(self, s, items, kind, compact=False):
        bx = 'bx_%d' % (rng_for(s.key, kind, 'bx').randint(1000000000, 3999999999))
        out = ['<div class="news-list">']
        for i, it in enumerate(items):
            out.append('<p class="news-item" id="%s_%d">' % (bx, it.oid or 90000 + i))
            if it.img and it.href and not compact:
                out.append('<a href="%s"><img class="preview_picture" border="0" src="%s" width="180" height="120" alt="%s" '
                           'title="%s" style="float:left"></a>' % (esc(it.href), it.img, esc(it.title), esc(it.title)))
            out.append('<span class="news-date-time">%s</span>' % self.date(s, it))
            out.append('<a href="%s"%s><b>%s</b></a><br>' % (esc(it.href), ' target="_blank"' if it.href.startswith('http') else '',
                                                             esc(it.title)) if it.href else '<b>%s</b><br>' % esc(it.title))
            ex = self.extra_line(s, it)
            if ex:
                out.append('<span class="news-meta">%s</span><br>' % ex)
            if it.lead and not compact:
                out.append(esc(it.lead))
            out.append('<div style="clear:both"></div></p>')
        out.append('</div>')
        return '\n'.join(out)

    def docs(self, s, items):
        out = ['<div class="doc-list">']
        for i, it in enumerate(items):
            out.append('<div class="doc-item" id="bx_1878455859_%d"><div class="doc-item__icon doc-item__icon--%s"></div>'
                       '<div class="doc-item__body"><a class="doc-item__title" href="%s">%s</a><div class="doc-item__info">'
                       '<span class="doc-item__date">Дата публикации: %s</span> <span class="doc-item__size">%s, %s</span></div>'
                       '</div></div>' % (4400 + i, it.extra['ext'].lower(), esc(it.href), esc(it.title), ddot(it.dt),
                                         it.extra['ext'], it.extra['size']))
        out.append('</div>')
        return '\n'.join(out)

    def pager(self, s, pages, cur):
        out = ['<div class="bx-pagination"><div class="bx-pagination-container"><ul>']
        out.append('<li class="bx-pag-prev">%s</li>' % ('<a href="%s"><span>Назад</span></a>' % pages[cur - 2] if cur > 1
                                                        else '<span>Назад</span>'))
        for i, p in enumerate(pages, 1):
            out.append('<li class="bx-active"><span>%d</span></li>' % i if i == cur else '<li><a href="%s"><span>%d</span></a></li>' % (p, i))
        out.append('<li class="bx-pag-next">%s</li>' % ('<a href="%s"><span>Вперед</span></a>' % pages[cur] if cur < len(pages)
                                                        else '<span>Вперед</span>'))
        out.append('</ul></div></div>')
        return '\n'.join(out)


class Drupal7Theme(Theme):
    key = 'drupal7'
    img_dir = '/sites/default/files/styles/news_prev_style/public/field_image/'
    file_dir = '/sites/default/files/documents/'
    nav_c = dict(nav='region region-navigation', ul='menu', li='leaf', lip='expanded', a='', sub='menu', subli='leaf')

    def head_extra(self, s):
        t = s.spec.get('tpl', 'gov')
        return ('<meta name="Generator" content="Drupal 7 (http://drupal.org)">\n'
                '<link type="text/css" rel="stylesheet" href="/sites/all/themes/%s/css/style.css" media="all">\n'
                '<script src="/misc/jquery.js"></script>\n<script src="/misc/drupal.js"></script>\n'
                '<script>jQuery.extend(Drupal.settings, {"basePath":"\\/","pathPrefix":""});</script>\n' % t)

    def cards(self, s, items, kind, compact=False):
        dom = hx(rng_for(s.key, kind, 'dom'), 32)
        out = ['<div class="view view-%s view-id-%s view-display-id-page view-dom-id-%s"><div class="view-content">'
               '<div class="item-list"><ul>' % (kind, kind, dom)]
        n = len(items)
        for i, it in enumerate(items, 1):
            cls = 'views-row views-row-%d views-row-%s%s%s' % (i, 'odd' if i % 2 else 'even', ' views-row-first' if i == 1 else '',
                                                              ' views-row-last' if i == n else '')
            ex = self.extra_line(s, it)
            out.append('<li class="%s"><div class="views-field views-field-created"><span class="field-content">%s</span></div>'
                       '<div class="views-field views-field-title"><span class="field-content">%s</span></div>%s%s</li>' % (
                           cls, self.date(s, it), self.title_link(it),
                           '<div class="views-field views-field-field-source"><div class="field-content">%s</div></div>' % ex if ex else '',
                           '<div class="views-field views-field-body"><div class="field-content">%s</div></div>' % esc(it.lead)
                           if it.lead and not compact else ''))
        out.append('</ul></div></div></div>')
        return '\n'.join(out)

    def pager(self, s, pages, cur):
        out = ['<h2 class="element-invisible">Страницы</h2><div class="item-list"><ul class="pager">']
        if cur > 1:
            out.append('<li class="pager-first first"><a title="На первую страницу" href="%s">« первая</a></li>' % pages[0])
            out.append('<li class="pager-previous"><a title="На предыдущую страницу" href="%s">‹ предыдущая</a></li>' % pages[cur - 2])
        for i, p in enumerate(pages, 1):
            out.append('<li class="pager-current">%d</li>' % i if i == cur else
                       '<li class="pager-item"><a title="На страницу номер %d" href="%s">%d</a></li>' % (i, p, i))
        if cur < len(pages):
            out.append('<li class="pager-next"><a title="На следующую страницу" href="%s">следующая ›</a></li>' % pages[cur])
            out.append('<li class="pager-last last"><a title="На последнюю страницу" href="%s">последняя »</a></li>' % pages[-1])
        out.append('</ul></div>')
        return '\n'.join(out)


class Drupal8Theme(Drupal7Theme):
    key = 'drupal8'
    img_dir = '/sites/default/files/styles/large/public/news/'
    file_dir = '/sites/default/files/docs/'
    nav_c = dict(nav='menu--main', ul='menu nav', li='menu-item', lip='menu-item menu-item--expanded', a='',
                 sub='menu', subli='menu-item')

    def head_extra(self, s):
        t = s.spec.get('tpl', 'agency')
        return ('<meta name="Generator" content="Drupal 8 (https://www.drupal.org)">\n<meta name="MobileOptimized" content="width">\n'
                '<link rel="stylesheet" media="all" href="/core/themes/stable/css/system/components/ajax-progress.module.css">\n'
                '<link rel="stylesheet" media="all" href="/themes/custom/%s/css/style.css">\n'
                '<script src="/core/assets/vendor/jquery/jquery.min.js"></script>\n' % t)

    def cards(self, s, items, kind, compact=False):
        dom = hx(rng_for(s.key, kind, 'dom8'), 64)
        out = ['<div class="views-element-container"><div class="view view-%s view-id-%s view-display-id-page_1 js-view-dom-id-%s">'
               '<div class="view-content">' % (kind, kind, dom)]
        for it in items:
            utc = it.dt - timedelta(hours=s.off)
            img = ('<div class="views-field views-field-field-image"><div class="field-content"><a href="%s" hreflang="ru">'
                   '<img loading="lazy" src="%s" width="360" height="240" alt=""></a></div></div>' % (esc(it.href), it.img)
                   if it.img and it.href and not compact else '')
            ex = self.extra_line(s, it)
            out.append('<div class="views-row">%s<div class="views-field views-field-created"><span class="field-content">'
                       '<time datetime="%sZ" class="datetime">%s</time></span></div><div class="views-field views-field-title">'
                       '<span class="field-content">%s</span></div>%s</div>' % (
                           img, utc.strftime('%Y-%m-%dT%H:%M:00'), fmt_date(it.dt, s.fmt, s.off), self.title_link(it),
                           '<div class="views-field views-field-field-place"><div class="field-content">%s</div></div>' % ex if ex else ''))
        out.append('</div></div></div>')
        return '\n'.join(out)


class WPTheme(Theme):
    key = 'wp'
    img_dir = '/wp-content/uploads/2025/'
    file_dir = '/wp-content/uploads/2025/'
    nav_c = dict(nav='main-navigation', ul='menu', li='menu-item menu-item-type-post_type menu-item-object-page',
                 lip='menu-item menu-item-type-custom menu-item-object-custom menu-item-has-children', a='',
                 sub='sub-menu', subli='menu-item menu-item-type-taxonomy menu-item-object-category')

    def img(self, rng):
        return '%s%02d/%s-768x512.jpg' % (self.img_dir, rng.randint(1, 6), hx(rng, 12))

    def head_extra(self, s):
        t = s.spec.get('tpl', 'astra-child')
        return ('<meta name="generator" content="WordPress 6.4.3">\n'
                "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css' media='all'>\n"
                "<link rel='stylesheet' id='theme-style-css' href='/wp-content/themes/%s/style.css' media='all'>\n"
                "<script src='/wp-includes/js/jquery/jquery.min.js' id='jquery-core-js'></script>\n" % t)

    def cards(self, s, items, kind, compact=False):
        out = []
        for it in items:
            pid = it.oid or rng_for(it.title).randint(100, 9999)
            cat = {'news': 'novosti', 'events': 'meropriyatiya'}.get(kind, kind)
            ex = self.extra_line(s, it)
            out.append('<article id="post-%d" class="post-%d post type-post status-publish format-standard%s hentry category-%s">'
                       '<header class="entry-header"><h2 class="entry-title">%s</h2><div class="entry-meta"><span class="posted-on">'
                       '<time class="entry-date published" datetime="%s">%s</time></span></div></header>%s%s</article>' % (
                           pid, pid, ' has-post-thumbnail' if it.img else '', cat,
                           self.title_link(it).replace('<a ', '<a rel="bookmark" ', 1) if it.href else esc(it.title),
                           iso(it.dt, s.off), fmt_date(it.dt, s.fmt, s.off),
                           '<div class="entry-meta-extra">%s</div>' % ex if ex else '',
                           '<div class="entry-summary"><p>%s</p></div>' % esc(it.lead) if it.lead and not compact else ''))
        return '<div class="site-main posts-list">%s</div>' % '\n'.join(out)

    def pager(self, s, pages, cur):
        out = ['<nav class="navigation pagination" aria-label="Записи"><h2 class="screen-reader-text">Навигация по записям</h2>'
               '<div class="nav-links">']
        if cur > 1:
            out.append('<a class="prev page-numbers" href="%s">← Назад</a>' % pages[cur - 2])
        for i, p in enumerate(pages, 1):
            out.append('<span aria-current="page" class="page-numbers current">%d</span>' % i if i == cur else
                       '<a class="page-numbers" href="%s">%d</a>' % (p, i))
        if cur < len(pages):
            out.append('<a class="next page-numbers" href="%s">Далее →</a>' % pages[cur])
        out.append('</div></nav>')
        return ''.join(out)

    def list_page(self, s, Ls, items, page_no, pages):
        if Ls.get('wp_archive'):
            Ls = dict(Ls, title='Рубрика: ' + Ls['title'])
        return Theme.list_page(self, s, Ls, items, page_no, pages)


class JoomlaTheme(Theme):
    key = 'joomla'
    img_dir = '/images/news/'
    file_dir = '/images/docs/'
    nav_c = dict(nav='moduletable_menu', ul='nav menu mod-list', li='item-1', lip='item-1 deeper parent', a='',
                 sub='nav-child unstyled small', subli='item-2')

    def head_extra(self, s):
        t = s.spec.get('tpl', 'protostar')
        return ('<meta name="generator" content="Joomla! - Open Source Content Management">\n'
                '<link href="/templates/%s/css/template.css" rel="stylesheet">\n'
                '<script src="/media/jui/js/jquery.min.js"></script>\n<script src="/media/system/js/caption.js"></script>\n' % t)

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="blog" itemscope itemtype="https://schema.org/Blog">']
        for i, it in enumerate(items):
            ex = self.extra_line(s, it)
            out.append('<div class="items-row cols-1 row-%d row-fluid clearfix"><div class="span12"><div class="item column-1" '
                       'itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting"><div class="page-header">'
                       '<h2 itemprop="name">%s</h2></div><dl class="article-info muted"><dt class="article-info-term">Подробности</dt>'
                       '<dd class="published"><span class="icon-calendar" aria-hidden="true"></span><time datetime="%s" '
                       'itemprop="datePublished">Опубликовано: %s</time></dd></dl>%s%s%s</div></div></div>' % (
                           i, self.title_link(it).replace('<a ', '<a itemprop="url" ', 1), iso(it.dt, s.off),
                           fmt_date(it.dt, s.fmt, s.off), '<p>%s</p>' % ex if ex else '',
                           '<p>%s</p>' % esc(it.lead) if it.lead and not compact else '',
                           '<p class="readmore"><a class="btn" href="%s" itemprop="url">Подробнее...</a></p>' % esc(it.href)
                           if it.href and not compact else ''))
        out.append('</div>')
        return '\n'.join(out)

    def docs(self, s, items):
        # Joomla sites often publish documents as blog articles: dated exactly like the news
        out = ['<div class="blog docs-blog">']
        for i, it in enumerate(items):
            out.append('<div class="items-row cols-1 row-%d row-fluid clearfix"><div class="item column-1"><div class="page-header">'
                       '<h2 itemprop="name"><a href="%s">%s</a></h2></div><dl class="article-info muted"><dd class="published">'
                       '<time datetime="%s">Опубликовано: %s</time></dd></dl><p>Файл: %s, %s</p></div></div>' % (
                           i, esc(it.href), esc(it.title), iso(it.dt, s.off), fmt_date(it.dt, s.fmt, s.off),
                           it.extra['ext'], it.extra['size']))
        out.append('</div>')
        return '\n'.join(out)

    def pager(self, s, pages, cur):
        out = ['<div class="pagination"><p class="counter pull-right">Страница %d из %d</p><ul>' % (cur, len(pages))]
        out.append('<li class="pagination-start">%s</li>' % ('<a title="В начало" href="%s" class="pagenav">В начало</a>' % pages[0]
                                                              if cur > 1 else '<span class="pagenav">В начало</span>'))
        for i, p in enumerate(pages, 1):
            out.append('<li><span class="pagenav">%d</span></li>' % i if i == cur else
                       '<li><a title="%d" href="%s" class="pagenav">%d</a></li>' % (i, p, i))
        out.append('<li class="pagination-end">%s</li>' % ('<a title="В конец" href="%s" class="pagenav">В конец</a>' % pages[-1]
                                                            if cur < len(pages) else '<span class="pagenav">В конец</span>'))
        out.append('</ul></div>')
        return ''.join(out)


class MosregTheme(Theme):
    key = 'mosreg'
    img_dir = '/upload/files/'
    file_dir = '/upload/files/'
    ct = 'page__container'
    nav_c = dict(nav='header-menu', ul='header-menu__list', li='header-menu__item', lip='header-menu__item header-menu__item_drop',
                 a='header-menu__link', sub='header-menu__drop', subli='header-menu__drop-item')

    def img(self, rng):
        name = hx(rng, 40)
        return '/upload/files/%s/%s/%s.jpg' % (name[:1], name[:2], name)

    def head_extra(self, s):
        return '<link rel="stylesheet" href="/assets/app-%s.css">\n<script defer src="/assets/app-%s.js"></script>\n' % (
            hx(rng_for(s.key, 'css'), 8), hx(rng_for(s.key, 'js'), 8))

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="news-list-page"><div class="news-list-page__list">']
        for it in items:
            ex = self.extra_line(s, it)
            out.append('<div class="news-list-page__item"><div class="event"><div class="event__content">%s'
                       '<div class="event__pub-date">%s</div><div class="event__title">%s</div>%s</div></div></div>' % (
                           '<a class="event__img" href="%s"><img src="%s" alt=""></a>' % (esc(it.href), it.img)
                           if it.img and it.href and not compact else '', self.date(s, it), self.title_link(it),
                           '<div class="event__place">%s</div>' % ex if ex else ''))
        out.append('</div></div>')
        return '\n'.join(out)

    def page(self, s, path, title, content, crumbs, h1=True):
        main = ('<div class="page__content"><div class="%s">%s<div class="page__header"><h1>%s</h1></div>\n%s\n</div></div>' % (
            self.ct, self.crumbs(crumbs), esc(title), content))
        return self.doc(s, path, '%s | %s' % (title, s.short), main, 'page')

    def article_body(self, s, it, Ls):
        return ('<div class="article"><div class="article__pubdate"><span class="article__pubdate-day">%d %s</span> '
                '<span class="article__pubdate-year">%d</span>, <span class="article__pubdate-time">%s</span></div>'
                '<div class="article__img"><img src="%s" alt=""></div><div class="article__inner">%s</div>%s</div>' % (
                    it.dt.day, MONTHS_GEN[it.dt.month - 1], it.dt.year, it.dt.strftime('%H:%M'), it.img,
                    ''.join('<p>%s</p>' % esc(p) for p in it.paras), self.share(s)))


class SpbTheme(Theme):
    """gov.spb.ru-like custom portal markup (nwItem cards)."""
    key = 'spb'
    nav_c = dict(nav='navbar', ul='navbar__menu', li='navbar__item', lip='navbar__item dropdown', a='navbar__link',
                 sub='dropdown-menu', subli='dropdown-menu__item')

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="tab-newslist">']
        for it in items:
            ex = self.extra_line(s, it)
            out.append('<div class="nwItem cf"><div class="txt"><div><div class="name">%s</div><div class="time">%s</div>%s%s'
                       '</div></div></div>' % (self.title_link(it), self.date(s, it),
                                               '<div class="src">%s</div>' % ex if ex else '',
                                               '<div class="anons">%s</div>' % esc(it.lead) if it.lead and not compact else ''))
        out.append('</div>')
        return '\n'.join(out)


class GoswebTheme(Theme):
    """Платформа ГосВеб (NetCat underneath); listing cards copied from the real ulmeria.gosuslugi.ru markup."""
    key = 'gosweb'
    img_dir = '/netcat_files/32/115/'
    file_dir = '/netcat_files/userfiles/'
    ct = 'tpl-container'
    nav_c = dict(nav='tpl-menu', ul='tpl-menu__list', li='tpl-menu__item', lip='tpl-menu__item tpl-menu__item--has-sub',
                 a='tpl-menu__link tpl-text-default', sub='tpl-menu__sub', subli='tpl-menu__sub-item')

    def img(self, rng):
        return '%s%s.jpg' % (self.img_dir, hx(rng, 8) + '_' + hx(rng, 4) + '_' + hx(rng, 4) + '_' + hx(rng, 12))

    def head_extra(self, s):
        return ('<link rel="stylesheet" href="/template/gosweb/css/gw-style.min.css">\n'
                '<link rel="stylesheet" href="/template/gosweb/css/tpl-theme-blue.css">\n'
                '<script src="/template/gosweb/js/gw-app.min.js" defer></script>\n')

    def header(self, s, path):
        return ('<div class="gw-top-panel"><div class="tpl-container"><a class="gw-top-panel__gosuslugi" href="https://www.gosuslugi.ru/" '
                'target="_blank" rel="noopener">Госуслуги</a>%s<a class="gw-top-panel__phone" href="tel:%s">%s</a></div></div>\n'
                '<header class="tpl-header"><div class="tpl-container tpl-header__inner"><a class="tpl-header__logo" href="/">'
                '<img src="/netcat_files/logo/gerb.svg" alt=""><span class="tpl-header__name tpl-text-header3">%s</span></a>%s</div>'
                '</header>\n%s') % (self.special_link(s), re.sub(r'[^\d+]', '', s.phone), s.phone, esc(s.name),
                                    self.search_form(s), self.nav(s, path))

    def cards(self, s, items, kind, compact=False):
        out = ["<div class='tpl-block-115'><div class=\"objects-list\"><div class='tpl-block-list-objects' data-object-count='%d'>" % len(items)]
        cats = ['Экономика', 'Инвестиции', 'Промышленность', 'Поддержка бизнеса', 'Экспорт']
        for it in items:
            ex = self.extra_line(s, it)
            img = ("<div class='item-image'><div class=\"image\"><a href='%s' title='%s'><img title='%s' alt='%s.' src='%s'></a>"
                   "</div></div>" % (esc(it.href), esc(it.title), esc(it.title), esc(it.title), it.img)
                   if it.img and it.href and not compact else '')
            cat = cats[(it.oid or len(it.title)) % len(cats)]
            out.append("<div class='object-item' itemscope itemtype='https://schema.org/NewsArticle'>\n"
                       "    <meta itemprop='datePublished' content='%s' />\n%s<div class='item-info'><div class=\"items-category\">"
                       "<span class='item-category tpl-text-alt'>%s</span>"
                       "<span class='item-date tpl-text-alt' title='%s'>%s</span></div>"
                       "<h2 class=\"object-item-title tpl-text-header2\" itemprop=\"headline\">%s</h2>%s%s</div></div>" % (
                           it.dt.strftime('%Y-%m-%d %H:%M:') + '%02d' % (it.oid % 60), img, cat,
                           '%d %s %d %s' % (it.dt.day, MONTHS_GEN[it.dt.month - 1], it.dt.year, it.dt.strftime('%H:%M')),
                           self.date(s, it),
                           ("<a href='%s' itemprop='url' title='%s'>%s</a>" % (esc(it.href), esc(it.title), esc(it.title))
                            if it.href else esc(it.title)),
                           "<div class='object-item-place tpl-text-alt'>%s</div>" % ex if ex else '',
                           "<div class=\"object-item-announce tpl-text-default\" itemprop=\"description\">%s</div>" % esc(it.lead)
                           if it.lead and not compact else ''))
        out.append('</div></div></div>')
        return '\n'.join(out)

    def docs(self, s, items):
        out = ["<div class='tpl-block-list-objects tpl-component-gw-file'>"]
        for it in items:
            out.append("<div class='gw-file'><div class='gw-file__icon'>%s</div><div class='gw-file__info'><a class='gw-file__name "
                       "tpl-text-default' href='%s' target='_blank'>%s</a><div class='gw-file__meta tpl-text-alt'>"
                       "<span class='gw-file__date'>Дата публикации: %s</span> <span class='gw-file__size'>%s, %s</span></div></div></div>"
                       % (it.extra['ext'], esc(it.href), esc(it.title), ddot(it.dt), it.extra['ext'], it.extra['size']))
        out.append('</div>')
        return '\n'.join(out)

    def pager(self, s, pages, cur):
        return ''

    def list_page(self, s, Ls, items, page_no, pages):
        body = self.list_body(s, Ls, items)
        if Ls['kind'] in ('news', 'events', 'photo'):
            body += ("<div class='tpl-block-list-more'><button type='button' class='gw-btn gw-btn--secondary js-show-more' "
                     "data-cc='115' data-cur-pos='%d'>Показать ещё</button></div>" % len(items))
        return self.page(s, Ls['path'], Ls['title'], body, self.list_crumbs(s, Ls))

    def landing_page(self, s, path, title, tiles, text=''):
        body = "<div class='tpl-block-list-objects gw-links'>%s</div>" % ''.join(
            "<div class='gw-link-item'><a class='gw-link-item__title tpl-text-header3' href='%s'>%s</a>%s</div>" % (
                esc(h), esc(l), "<div class='tpl-text-alt'>%s</div>" % esc(d) if d else '') for l, h, d in tiles)
        return self.page(s, path, title, body, [(title, None)])

    def article_body(self, s, it, Ls):
        return ("<div class='tpl-component-news-detail'><div class='news-detail-date tpl-text-alt'>%s</div>"
                "<div class='news-detail-image'><img src='%s' alt=''></div><div class='tpl-component-gw-base-text tpl-text-default'>%s"
                "</div>%s</div>" % ('%d %s %d, %s' % (it.dt.day, MONTHS_GEN[it.dt.month - 1], it.dt.year, it.dt.strftime('%H:%M')),
                                   it.img, ''.join('<p>%s</p>' % esc(p) for p in it.paras), self.share(s)))


class TatarTheme(Theme):
    """tatarstan.ru-like portal: /rus/index.htm/news/tape/, home events table with DD/MM dates and no year."""
    key = 'tatar'
    img_dir = '/file/news/'
    file_dir = '/file/docs/'
    ct = 'wrap'
    nav_c = dict(nav='top-menu', ul='menu', li='menu-item', lip='menu-item has-sub', a='', sub='sub', subli='sub-item')

    def img(self, rng):
        return '/file/news/%d_n%d.jpg' % (rng.randint(1, 3), rng.randint(1000000, 9999999))

    def head_extra(self, s):
        return ('<link rel="stylesheet" href="/design/portal/css/style.css">\n<script src="/design/portal/js/jquery.js"></script>\n')

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="news-tape">']
        for it in items:
            ex = self.extra_line(s, it)
            out.append('<div class="item"><div class="date">%s</div><div class="title">%s</div>%s%s</div>' % (
                self.date(s, it), self.title_link(it), '<div class="src">%s</div>' % ex if ex else '',
                '<div class="anons">%s</div>' % esc(it.lead) if it.lead and not compact else ''))
        out.append('</div>')
        return '\n'.join(out)

    def home_news(self, s):
        o = s.spec['home']
        items = s.press['items']
        first = items[0]
        rows = []
        for it in items[:8]:
            rows.append('<tr>\n<td class="dt"><div>%s</div></td>\n<td><h2><a href="%s">%s</a></h2></td>\n</tr>\n'
                        '<tr>\n<td colspan="2" class="sep"><div></div></td>\n</tr>' % (it.dt.strftime('%d/%m'), it.href, esc(it.title)))
        rel = s.by_path[o['releases']]['items'][0]
        return ('<div class="content"><div class="main-event"><div class="photo"><img src="%s" alt=""><div class="desc">'
                '<div class="desc-h">%s</div></div></div><div class="me-nav"><div class="item"><div><a href="%s">'
                '<span><img src="/design/portal/images/info-ico.png" alt="Информация"></span>Информация</a></div></div>'
                '<div class="item"><div class="opacity"><a href="%s"><span><img src="/design/portal/images/prelease-ico.png" '
                'alt="Пресс-релиз"></span>Пресс-релиз</a></div></div></div></div>'
                '<div class="events"><div class="top"></div><div class="list png_bg"><table><colgroup><col width="5%%"><col width="*">'
                '</colgroup>%s</table></div><div class="all"><a href="%s">%s</a></div></div></div>') % (
            first.img, esc(first.title), first.href, rel.href, '\n'.join(rows), o['all'][1], esc(o['all'][0]))

    def article_body(self, s, it, Ls):
        return ('<div class="news-full"><div class="date">%s</div><div class="text">%s</div>%s</div>' % (
            fmt_date(it.dt, 'dmy_text_time', s.off), ''.join('<p>%s</p>' % esc(p) for p in it.paras), self.share(s)))


class LenoblTheme(Theme):
    """lenobl.ru-like portal: articles /news<id>.html, dates <i>DD-MM-YYYY</i>, leads in HTML comments."""
    key = 'lenobl'
    img_dir = '/Pictures/picnews/middle/'
    file_dir = '/Files/docs/'
    ct = 'wrapper'
    nav_c = dict(nav='topmenu', ul='topmenu__ul', li='topmenu__li', lip='topmenu__li parent', a='', sub='submenu', subli='')

    def img(self, rng):
        return '%s%d%s.jpg' % (self.img_dir, rng.randint(1500000000, 1599999999), hx(rng, 8))

    def head_extra(self, s):
        return '<link rel="stylesheet" href="/images.tpl/style.css">\n<script src="/images.tpl/jquery.tools.min.js"></script>\n'

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="news_list">']
        for it in items:
            ex = self.extra_line(s, it)
            title = ('<a href="%s"><i>%s</i> <b>%s</b>%s</a>' % (esc(it.href), it.dt.strftime('%d-%m-%Y'), esc(it.title),
                                                                '<!-- %s -->' % esc(it.lead) if it.lead else '')
                     if it.href else '<i>%s</i> <b>%s</b>' % (it.dt.strftime('%d-%m-%Y'), esc(it.title)))
            out.append('<div class="news_item">%s%s</div>' % (title, '<span class="place">%s</span>' % ex if ex else ''))
        out.append('</div>')
        return '\n'.join(out)

    def pager(self, s, pages, cur):
        return '<div class="pages">Страницы: %s</div>' % ' '.join(
            '<b>%d</b>' % i if i == cur else '<a href="%s">%d</a>' % (p, i) for i, p in enumerate(pages, 1))

    def home_news(self, s):
        o = s.spec['home']
        tabs, panes = [], []
        for title, path, more in o['tabs']:
            Ls = s.by_path[path]
            its = Ls['items'][:5]
            tabs.append('<li><a href="#">%s</a></li>' % esc(title))
            first, rest = its[0], its[1:]
            left = ('<div class="leftnews">%s<i>%s</i>\n<h3>%s</h3>\n<p>%s</p></div>' % (
                '<div class="bg_midnews"><img alt="" src="%s"></div>' % first.img if first.img else '', first.dt.strftime('%d-%m-%Y'),
                esc(first.title), '<a href="%s">%s</a>' % (first.href, esc(first.lead or first.title)) if first.href else ''))
            right = '<div class="rightnews"><ul>%s</ul></div>' % ''.join(
                '<li><a href="%s"><i>%s</i>\n<b>%s</b>\n<!-- %s --></a></li>' % (it.href, it.dt.strftime('%d-%m-%Y'), esc(it.title),
                                                                                esc(it.lead)) if it.href else
                '<li><i>%s</i> <b>%s</b></li>' % (it.dt.strftime('%d-%m-%Y'), esc(it.title)) for it in rest)
            more_html = '<div class="allnews"><a href="%s">%s</a></div>' % (path, esc(more)) if more else ''
            panes.append('<div class="intpanels">%s\n%s\n%s</div>' % (left, right, more_html))
        return ('<div id="left">\n<!-- закладки -->\n<ul class="css-tabs">%s</ul>\n<!-- слайды -->\n'
                '<div class="css-panes" style="position:relative;zoom:1;">%s</div></div>' % (''.join(tabs), '\n'.join(panes)))

    def article_body(self, s, it, Ls):
        return ('<div class="news_full"><i>%s</i><div class="news_text">%s</div>%s</div>' % (
            it.dt.strftime('%d-%m-%Y'), ''.join('<p>%s</p>' % esc(p) for p in it.paras), self.share(s)))


class Old1251Theme(Theme):
    """Old table layout, windows-1251."""
    key = 'old1251'
    charset = 'cp1251'
    img_dir = '/img/news/'
    file_dir = '/files/'

    def img(self, rng):
        return '/img/news/%d.jpg' % rng.randint(1000, 9999)

    def file(self, rng, ext='pdf'):
        return '/files/doc%d.%s' % (rng.randint(1000, 99999), ext)

    def meta_charset(self):
        return '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">\n<meta charset="windows-1251">\n'

    def leftmenu(self, s):
        out = ['<table width="100%" border="0" cellpadding="3" cellspacing="0" class="leftmenu">']
        for m in s.menu:
            out.append('<tr><td class="lm1"><img src="/img/arrow.gif" width="7" height="7" alt=""> %s</td></tr>' % self.menu_a(m, 'menu'))
            for c in m.children:
                out.append('<tr><td class="lm2">&nbsp;&nbsp;&nbsp;&middot; %s</td></tr>' % self.menu_a(c, 'submenu'))
        out.append('</table>')
        return ''.join(out)

    def doc(self, s, path, title, main, body_cls=''):
        top = ('<table width="100%%" border="0" cellpadding="6" cellspacing="0"><tr><td width="90"><a href="/"><img src="/img/gerb.gif" '
               'width="70" height="84" border="0" alt="Герб"></a></td><td><font face="Tahoma" size="4" color="#003366"><b>%s</b></font>'
               '<br><font size="2" color="#666666">%s</font></td><td align="right" valign="top"><form action="%s" method="get">'
               '<input type="text" name="text" size="18"> <input type="submit" value="Найти"></form></td></tr></table>') % (
            esc(s.name), today_line(s), s.spec.get('search', '/search.html'))
        topmenu = ' | '.join(self.menu_a(m, 'tm') for m in s.spec.get('topline', []))
        foot = ('<table width="100%%" cellpadding="8"><tr><td><font size="1">© %d–2025 %s<br>%s, г. %s, %s, д. %d. Тел.: %s<br>'
                'E-mail: <a href="mailto:%s">%s</a></font></td><td align="right"><a href="https://www.liveinternet.ru/click" '
                'target="_blank"><img src="https://counter.yadro.ru/logo" border="0" width="88" height="31" alt="LiveInternet"></a> '
                '%s</td></tr></table>') % (s.year0, esc(s.name), s.index, s.R['cap'], s.street, s.house, s.phone, s.email, s.email,
                                           ' '.join(self.menu_a(m) for m in self.useful(s)))
        return ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n%s<title>%s</title>\n'
                '<link rel="stylesheet" type="text/css" href="/css/main.css">\n<script type="text/javascript" src="/js/menu.js"></script>\n'
                '</head>\n<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">\n'
                '<table width="990" border="0" cellpadding="0" cellspacing="0" align="center">\n'
                '<tr><td colspan="2" class="top" background="/img/top_bg.jpg" height="110">%s</td></tr>\n'
                '<tr><td colspan="2" class="topline" bgcolor="#E6EEF6" height="24">&nbsp;%s</td></tr>\n'
                '<tr><td width="220" valign="top" class="leftcol" bgcolor="#F4F7FA">%s</td>\n<td valign="top" class="content">%s</td></tr>\n'
                '<tr><td colspan="2" class="bottom" bgcolor="#E6EEF6">%s</td></tr>\n</table>\n'
                '<!-- Yandex.Metrika informer --><noscript><div><img src="https://mc.yandex.ru/watch/%d" style="position:absolute; '
                'left:-9999px;" alt=""></div></noscript>\n</body>\n</html>\n') % (
            self.meta_charset(), esc(title), top, topmenu, self.leftmenu(s), main, foot, s.metrika)

    def page(self, s, path, title, content, crumbs, h1=True):
        path_line = ' » '.join(['<a href="/">Главная</a>'] + [('<a href="%s">%s</a>' % (h, esc(l)) if h else esc(l))
                                                              for l, h in (crumbs or [])])
        main = ('<table width="100%%" cellpadding="10" cellspacing="0" border="0"><tr><td><div class="path"><font size="1">%s</font></div>'
                '<h1><font face="Tahoma" color="#003366">%s</font></h1>\n%s\n</td></tr></table>' % (path_line, esc(title), content))
        return self.doc(s, path, '%s - %s' % (title, s.short), main)

    def cards(self, s, items, kind, compact=False):
        out = ['<table width="100%" cellpadding="4" cellspacing="0" border="0" class="news">']
        for it in items:
            ex = self.extra_line(s, it)
            out.append('<tr><td valign="top" width="85" nowrap><font color="#808080" size="2">%s</font></td><td valign="top">%s%s%s</td></tr>' % (
                self.date(s, it), ('<a href="%s"><b>%s</b></a>' % (esc(it.href), esc(it.title)) if it.href else '<b>%s</b>' % esc(it.title)),
                '<br><font size="1">%s</font>' % ex if ex else '',
                '<br><font size="2">%s</font>' % esc(it.lead) if it.lead and not compact else ''))
            out.append('<tr><td colspan="2"><img src="/img/dot.gif" width="100%" height="1" alt=""></td></tr>')
        out.append('</table>')
        return '\n'.join(out)

    def table(self, s, heads, rows, cls=''):
        out = ['<table width="100%%" border="1" cellpadding="4" cellspacing="0" bordercolor="#CCCCCC"><tr bgcolor="#E6EEF6">%s</tr>' %
               ''.join('<td><b>%s</b></td>' % h for h in heads)]
        out.extend('<tr>%s</tr>' % ''.join('<td valign="top"><font size="2">%s</font></td>' % c for c in r) for r in rows)
        out.append('</table>')
        return '\n'.join(out)

    def doc_filter(self, s, path):
        return ''

    def pager(self, s, pages, cur):
        return '<p class="pages">Страницы: %s</p>' % ' '.join(
            '<b>[%d]</b>' % i if i == cur else '<a href="%s">%d</a>' % (p, i) for i, p in enumerate(pages, 1))

    def article_body(self, s, it, Ls):
        return ('<p><font color="#808080" size="2">%s</font></p>%s<p><a href="%s">&laquo; Назад к списку новостей</a></p>' % (
            fmt_date(it.dt, s.fmt, s.off), ''.join('<p align="justify">%s</p>' % esc(p) for p in it.paras), Ls['path']))

    def home(self, s):
        o = s.spec['home']
        items = s.press['items'][:o.get('k', 6)]
        more = '<p align="right"><a href="%s"><b>%s</b></a></p>' % (o['all'][1], esc(o['all'][0])) if o.get('all') else ''
        blocks = ''.join('<h2><font face="Tahoma" color="#003366">%s</font></h2>%s%s' % (
            esc(t), self.cards(s, s.by_path[p]['items'][:3], s.by_path[p]['kind'], compact=True) if s.by_path[p]['kind'] not in (
                'documents', 'npa') else self.table(s, ['Дата', 'Документ'], [[ddot(it.dt), '<a href="%s">%s</a>' % (it.href, esc(it.title))]
                                                                            for it in s.by_path[p]['items'][:3]]),
            '<p align="right"><a href="%s">%s</a></p>' % (p, esc(a)) if a else '') for p, t, a in o.get('blocks', []))
        return ('<table width="100%%" cellpadding="10" cellspacing="0" border="0"><tr><td valign="top">'
                '<h2><font face="Tahoma" color="#003366">%s</font></h2>%s%s%s</td>'
                '<td width="200" valign="top"><a href="https://www.gosuslugi.ru/" target="_blank"><img src="/img/banner_gosuslugi.gif" '
                'width="190" height="70" border="0" alt="Госуслуги"></a><br><br><a href="%s"><img src="/img/banner_invest.gif" width="190" '
                'height="70" border="0" alt="Инвестиционный портал"></a></td></tr></table>') % (
            esc(o.get('title', 'Новости')), self.cards(s, items, 'news', compact=True), more, blocks,
            'https://invest-%s.ru/' % s.spec['region'])

    def home_page(self, s):
        return self.doc(s, '/', s.name, self.home(s))


class TildaTheme(Theme):
    key = 'tilda'

    def rid(self, s, *k):
        return rng_for(s.key, 'rec', *k).randint(300000000, 799999999)

    def img(self, rng):
        return 'https://static.tildacdn.com/tild%s-%s-%s-%s/%s.jpg' % (hx(rng, 4), hx(rng, 4), hx(rng, 4), hx(rng, 4), hx(rng, 8))

    def file(self, rng, ext='pdf'):
        return 'https://static.tildacdn.com/tild%s-%s/%s.%s' % (hx(rng, 4), hx(rng, 4), hx(rng, 10), ext)

    def rec(self, s, name, rtype, inner):
        return '<div id="rec%d" class="r t-rec t-rec_pt_60 t-rec_pb_60" data-record-type="%d">\n%s\n</div>' % (
            self.rid(s, name), rtype, inner)

    def doc(self, s, path, title, main, body_cls=''):
        pid = rng_for(s.key, 'pid').randint(1000000, 9999999)
        page = rng_for(s.key, 'page', path).randint(10000000, 59999999)
        menu = ''.join('<li class="t228__list_item" style="padding:0 15px;"><a class="t-menu__link-item" href="%s" '
                       'data-menu-submenu-hook="" data-menu-item-number="%d">%s</a></li>' % (esc(m.href), i, esc(m.label))
                       for i, m in enumerate(s.menu, 1))
        nav = ('<div id="nav%d" class="t228 t228__positionstatic" data-bgcolor-hex="#ffffff" data-menu="yes"><div class="t228__maincontainer">'
               '<div class="t228__leftside"><div class="t228__leftcontainer"><a href="/" class="t228__imgwrapper"><img '
               'src="https://static.tildacdn.com/tild3535-3131-4a39-b532-623761623166/logo.svg" class="t228__imglogo" imgfield="img" '
               'alt="%s"></a></div></div><div class="t228__centerside"><nav class="t228__centercontainer"><ul role="list" '
               'class="t228__list t-menu__list">%s</ul></nav></div><div class="t228__rightside"><div class="t228__right_descr">'
               '<a href="tel:%s">%s</a></div></div></div></div>') % (self.rid(s, 'nav'), esc(s.name), menu,
                                                                     re.sub(r'[^\d+]', '', s.phone), s.phone)
        foot_links = ''.join('<li><a href="%s"%s>%s</a></li>' % (esc(m.href), ' target="_blank"' if m.external else '', esc(m.label))
                             for m in s.spec.get('footer_links', []))
        footer = ('<div class="t420"><div class="t-container"><div class="t420__col t-col t-col_3"><div class="t420__title t-name">%s</div>'
                  '<div class="t420__descr t-descr">%s, г. %s, %s, д. %d<br>%s<br><a href="mailto:%s">%s</a></div></div>'
                  '<div class="t420__col t-col t-col_3"><ul class="t420__list">%s</ul></div><div class="t420__col t-col t-col_3">%s</div>'
                  '</div></div>') % (esc(s.name), s.index, s.R['cap'], s.street, s.house, s.phone, s.email, s.email, foot_links,
                                     self.socials(s, 't-sociallinks'))
        return ('<!DOCTYPE html><html><head><meta charset="utf-8" /><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
                '<meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>%s</title>'
                '<meta property="og:title" content="%s" /><meta name="format-detection" content="telephone=no" />'
                '<link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-grid-3.0.min.css" type="text/css" media="all" />'
                '<link rel="stylesheet" href="/tilda-blocks-page%d.min.css" type="text/css" media="all" />'
                '<script src="https://static.tildacdn.com/js/tilda-scripts-3.0.min.js"></script></head>\n'
                '<body class="t-body" style="margin:0;"><!--allrecords--><div id="allrecords" class="t-records" '
                'data-hook="blocks-collection-content-node" data-tilda-project-id="%d" data-tilda-page-id="%d" data-tilda-lazy="yes">\n'
                '%s\n%s\n%s\n</div><!--/allrecords-->\n%s</body></html>\n') % (
            esc(title), esc(title), page, pid, page, self.rec(s, 'nav', 257, nav), main,
            self.rec(s, 'footer', 420, footer), self.counters(s))

    def page(self, s, path, title, content, crumbs, h1=True):
        main = self.rec(s, 'h1' + path, 30, '<div class="t030"><div class="t-container t-align_center"><div class="t-col t-col_10 '
                                            't-prefix_1"><h1 class="t030__title t-title t-title_xs">%s</h1></div></div></div>' % esc(title))
        main += '\n' + self.rec(s, 'body' + path, 915, '<div class="t-container"><div class="t-col t-col_10 t-prefix_1">%s</div></div>'
                                 % content)
        return self.doc(s, path, '%s — %s' % (title, s.short), main)

    def cards(self, s, items, kind, compact=False):
        out = ['<div class="t-feed"><ul role="list" class="t-feed__container t-feed__grid-cont">']
        for it in items:
            ex = self.extra_line(s, it)
            inner = ('<div class="t-feed__post-imgwrapper"><div class="t-feed__post-bgimg t-bgimg" data-original="%s"></div></div>' % it.img
                     if it.img and not compact else '')
            inner += ('<div class="t-feed__textwrapper"><div class="t-feed__post-title t-name t-name_xs">%s</div>%s%s'
                      '<div class="t-feed__post-date t-uptitle t-uptitle_xs">%s</div></div>' % (
                          esc(it.title), '<div class="t-feed__post-descr t-descr t-descr_xxs">%s</div>' % esc(it.lead)
                          if it.lead and not compact else '', '<div class="t-feed__post-parts t-descr">%s</div>' % ex if ex else '',
                          self.date(s, it)))
            link = ('<a class="t-feed__link" href="%s"%s>%s</a>' % (esc(it.href), ' target="_blank"' if it.href.startswith('http') else '',
                                                                   inner) if it.href else inner)
            out.append('<li class="t-feed__post js-feed-post t-feed__grid-col t-col t-col_4 t-align_left" data-post-uid="%d">%s</li>' % (
                it.oid or rng_for(it.title).randint(100000, 999999), link))
        out.append('</ul></div>')
        return '\n'.join(out)

    def table(self, s, heads, rows, cls=''):
        return '<div class="t-text t-text_md"><ul class="t-list">%s</ul></div>' % ''.join(
            '<li>%s</li>' % ' — '.join(r) for r in rows)

    def docs(self, s, items):
        return '<div class="t-text t-text_md">%s</div>' % ''.join(
            '<p><a href="%s" target="_blank" style="color:#0055a5;">%s</a><br><span style="color:#888;">Опубликовано %s · %s</span></p>' % (
                esc(it.href), esc(it.title), ddot(it.dt), it.extra['ext']) for it in items)

    def doc_filter(self, s, path):
        return ''

    def article_page(self, s, it, Ls):
        body = ('<div class="t-feed__post-popup__container t-container"><div class="t-feed__post-popup__content t-col t-col_8 t-prefix_2">'
                '<div class="t-feed__post-popup__close-wrapper"><a href="%s" class="t-feed__post-popup__close">← Все новости</a></div>'
                '<h1 class="js-feed-post-title t-feed__post-popup__title t-title t-title_xs">%s</h1>'
                '<div class="t-feed__post-popup__date-parts-wrapper"><span class="t-feed__post-popup__date t-uptitle t-uptitle_sm">%s</span>'
                '</div><div class="t-feed__post-popup__cover-wrapper"><img src="%s" class="t-feed__post-popup__img" alt=""></div>'
                '<div id="feed-text" class="t-redactor__text">%s</div></div></div>') % (
            Ls['path'], esc(it.title), fmt_date(it.dt, s.fmt, s.off), it.img, ''.join('<p>%s</p>' % esc(p) for p in it.paras))
        return self.doc(s, urlsplit(it.href).path, it.title, self.rec(s, 'post', 1, body))

    def landing_page(self, s, path, title, tiles, text=''):
        return self.page(s, path, title, self.tiles_html(tiles), None)

    def home(self, s):
        o = s.spec['home']
        cover = ('<div class="t-cover" style="height:80vh;"><div class="t-cover__carrier" data-content-cover-bg="%s"></div>'
                 '<div class="t-container"><div class="t-cover__wrapper t-valign_middle"><h1 class="t-title t-title_xl">%s</h1>'
                 '<div class="t-descr t-descr_xl">Сопровождение инвестиционных проектов, подбор площадок и мер поддержки</div>'
                 '<a href="/investors" class="t-btn t-btn_md"><span>Подобрать площадку</span></a></div></div></div>') % (
            self.img(rng_for(s.key, 'cover')), esc(s.name))
        news = self.cards(s, s.press['items'][:3], 'news')
        more = ('<div class="t-container t-align_center"><a href="%s" class="t-btn t-btn_sm"><span>%s</span></a></div>' % (
            o['all'][1], esc(o['all'][0])) if o.get('all') else '')
        services = self.tiles_html(s.spec.get('tiles', []))
        contacts = ('<div class="t-container" id="contacts"><a name="contacts"></a><h2 class="t-section__title t-title">Контакты</h2>'
                    '<div class="t-descr">%s, г. %s, %s, д. %d · %s</div></div>' % (s.index, s.R['cap'], s.street, s.house, s.phone))
        return '\n'.join([
            self.rec(s, 'cover', 18, cover),
            self.rec(s, 'news-title', 30, '<div class="t030"><h2 class="t030__title t-title">%s</h2></div>' % esc(o.get('title', 'Новости'))),
            self.rec(s, 'feed', 915, news + more),
            self.rec(s, 'services', 849, '<h2 class="t-title">Что мы делаем</h2>' + services),
            self.rec(s, 'contacts', 226, contacts)])

    def home_page(self, s):
        return self.doc(s, '/', s.name, self.home(s))


class NextTheme(Theme):
    """React/Next.js-like: menu in the server HTML, hashed CSS-module class names, news rendered as plain <a> cards."""
    key = 'next'

    def c(self, name):
        return '%s__%s' % (name, hx(rng_for('next-css', name), 5))

    def img(self, rng):
        return '/images/news/%s.webp' % hx(rng, 20)

    def file(self, rng, ext='pdf'):
        return '/files/%s.%s' % (hx(rng, 16), ext)

    def doc(self, s, path, title, main, body_cls=''):
        c = self.c
        items = []
        for m in s.menu:
            if m.children:
                items.append('<li class="%s"><button type="button" class="%s" aria-expanded="false" aria-haspopup="true">%s</button>'
                             '<div class="%s">%s</div></li>' % (
                                 c('Header_item'), c('Header_trigger'), esc(m.label), c('Header_dropdown'),
                                 ''.join('<a class="%s" href="%s"%s>%s</a>' % (c('Header_dropLink'), esc(k.href),
                                                                                ' target="_blank" rel="noreferrer"' if k.external else '',
                                                                                esc(k.label)) for k in m.children)))
            else:
                items.append('<li class="%s"><a class="%s" href="%s">%s</a></li>' % (c('Header_item'), c('Header_link'), esc(m.href),
                                                                                      esc(m.label)))
        header = ('<header class="%s"><div class="%s"><a class="%s" href="/"><img alt="" src="/images/logo.svg" width="48" height="48"/>'
                  '<span>%s</span></a><nav class="%s"><ul class="%s">%s</ul></nav><button type="button" class="%s" aria-label="Поиск">'
                  '<svg width="20" height="20"></svg></button></div></header>') % (
            c('Header_header'), c('Header_inner'), c('Header_logo'), esc(s.name), c('Header_nav'), c('Header_list'), ''.join(items),
            c('Header_search'))
        fcols = ''.join('<div class="%s"><p class="%s">%s</p>%s</div>' % (
            c('Footer_col'), c('Footer_title'), esc(h.label), ''.join('<a class="%s" href="%s">%s</a>' % (c('Footer_link'), esc(k.href),
                                                                                                          esc(k.label)) for k in kids))
            for h, kids in s.footer_cols())
        footer = ('<footer class="%s"><div class="%s">%s</div><div class="%s"><p>© %d–2025 %s</p><p>%s, г. %s, %s, д. %d</p>%s</div>'
                  '</footer>') % (c('Footer_footer'), c('Footer_cols'), fcols, c('Footer_bottom'), s.year0, esc(s.name), s.index,
                                  s.R['cap'], s.street, s.house, self.socials(s, c('Footer_social')))
        build = hx(rng_for(s.key, 'build'), 21)
        data = json.dumps({'props': {'pageProps': {'path': path, 'title': title}, '__N_SSP': True}, 'page': path,
                           'query': {}, 'buildId': build, 'isFallback': False, 'gssp': True, 'locale': 'ru',
                           'locales': ['ru'], 'defaultLocale': 'ru', 'scriptLoader': []}, ensure_ascii=False)
        return ('<!DOCTYPE html><html lang="ru"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>'
                '<title>%s</title><meta name="next-head-count" content="3"/><link rel="preload" href="/_next/static/css/%s.css" as="style"/>'
                '<link rel="stylesheet" href="/_next/static/css/%s.css" data-n-g=""/><noscript data-n-css=""></noscript>'
                '<script defer="" nomodule="" src="/_next/static/chunks/polyfills-%s.js"></script>'
                '<script src="/_next/static/chunks/webpack-%s.js" defer=""></script>'
                '<script src="/_next/static/chunks/framework-%s.js" defer=""></script>'
                '<script src="/_next/static/%s/_buildManifest.js" defer=""></script></head>\n'
                '<body><div id="__next"><div class="%s">%s<main class="%s">%s</main>%s</div></div>\n'
                '<script id="__NEXT_DATA__" type="application/json">%s</script>\n%s</body></html>\n') % (
            esc(title), build[:16], build[:16], build[:10], build[3:13], build[5:15], build, c('Layout_root'), header,
            c('Layout_main'), main, footer, data, self.counters(s))

    def page(self, s, path, title, content, crumbs, h1=True):
        c = self.c
        bc = ''.join('<a class="%s" href="%s">%s</a><span>/</span>' % (c('Breadcrumbs_link'), h, esc(l)) for l, h in (crumbs or []) if h)
        return self.doc(s, path, '%s | %s' % (title, s.short),
                        '<div class="%s"><nav class="%s"><a class="%s" href="/">Главная</a><span>/</span>%s</nav><h1 class="%s">%s</h1>%s</div>' % (
                            c('Page_container'), c('Breadcrumbs_root'), c('Breadcrumbs_link'), bc, c('Page_title'), esc(title), content))

    def cards(self, s, items, kind, compact=False):
        c = self.c
        out = ['<div class="%s">' % c('NewsList_list')]
        for it in items:
            ex = self.extra_line(s, it)
            inner = ('%s<div class="%s"><time class="%s" dateTime="%s">%s</time><span class="%s">%s</span>%s</div>' % (
                '<img alt="" loading="lazy" decoding="async" src="%s"/>' % it.img if it.img and not compact else '', c('NewsCard_body'),
                c('NewsCard_date'), iso(it.dt, s.off), fmt_date(it.dt, s.fmt, s.off), c('NewsCard_title'), esc(it.title),
                '<span class="%s">%s</span>' % (c('NewsCard_meta'), ex) if ex else ''))
            if it.href:
                out.append('<a class="%s" href="%s"%s>%s</a>' % (c('NewsCard_card'), esc(it.href),
                                                                  ' target="_blank" rel="noreferrer"' if it.href.startswith('http') else '', inner))
            else:
                out.append('<div class="%s">%s</div>' % (c('NewsCard_card'), inner))
        out.append('</div>')
        return ''.join(out)

    def pager(self, s, pages, cur):
        c = self.c
        return '<div class="%s">%s</div>' % (c('Pagination_root'), ''.join(
            '<span class="%s">%d</span>' % (c('Pagination_active'), i) if i == cur else
            '<a class="%s" href="%s">%d</a>' % (c('Pagination_link'), p, i) for i, p in enumerate(pages, 1)))

    def article_body(self, s, it, Ls):
        c = self.c
        return '<article class="%s"><time dateTime="%s">%s</time><img alt="" src="%s"/><div class="%s">%s</div></article>' % (
            c('Article_root'), iso(it.dt, s.off), fmt_date(it.dt, 'dmy_text_time', s.off), it.img, c('Article_content'),
            ''.join('<p>%s</p>' % esc(p) for p in it.paras))

    def home(self, s):
        c = self.c
        o = s.spec['home']
        first = s.press['items'][0]
        hero = ('<section class="%s"><h1 class="%s">%s</h1><p>Единое окно для инвестора: площадки, меры поддержки, сопровождение '
                'проектов</p><a class="%s" href="/investoru/">Стать инвестором</a></section>') % (
            c('Hero_root'), c('Hero_title'), esc(s.name), c('Button_primary'))
        news = ('<section class="%s"><div class="%s"><h2 class="%s">%s</h2>%s</div>%s</section>') % (
            c('HomeNews_root'), c('HomeNews_head'), c('HomeNews_title'), esc(o.get('title', 'Новости')),
            '<a class="%s" href="%s">%s</a>' % (c('Button_link'), o['all'][1], esc(o['all'][0])) if o.get('all') else '',
            self.cards(s, s.press['items'][:6], 'news', compact=True))
        tiles = '<section class="%s">%s</section>' % (c('Services_root'), ''.join(
            '<a class="%s" href="%s">%s</a>' % (c('Services_card'), esc(h), esc(l)) for l, h, d in s.spec.get('tiles', [])))
        return hero + news + tiles + ('<section class="%s"><a href="%s">%s</a></section>' % (c('Featured_root'), first.href,
                                                                                           esc(first.title)))

    def home_page(self, s):
        return self.doc(s, '/', s.name, self.home(s))


THEMES = {t.key: t for t in [Theme, BitrixTheme, Drupal7Theme, Drupal8Theme, WPTheme, JoomlaTheme, MosregTheme, SpbTheme,
                              GoswebTheme, TatarTheme, LenoblTheme, Old1251Theme, TildaTheme, NextTheme]}


# ----------------------------------------------------------------------------------------------
# the sites
# ----------------------------------------------------------------------------------------------
def kids(base, pairs, slash=True):
    return [M(label, base + slug + ('/' if slash else '')) for label, slug in pairs]


ABOUT = [('Руководство', 'rukovodstvo'), ('Положение', 'polozhenie'), ('Структура', 'struktura')]
ACTIVITY = [('Инвестиционная политика', 'investitsionnaya-politika'), ('Поддержка МСП', 'podderzhka-msp'),
            ('Государственные программы', 'gosprogrammy')]

SPECS = [
    # 1 ------------------------------------------------------------------------------------------
    dict(key='pbalt_minek', region='pbalt', theme='bitrix', fmt='dotted', tpl='minek',
         name='Министерство экономического развития Приморско-Балтийской области',
         short='Минэкономразвития Приморско-Балтийской области', host='minek.pbalt-region.ru',
         menu=[M('О министерстве', '/ministry/', kids('/ministry/', ABOUT) + [M('Контакты', '/ministry/kontakty/')]),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY) + [M('Конкурсы и отборы', '/activity/otbory/')]),
               M('Документы', '/documents/'),
               M('Пресс-центр', '/press-center/', [M('Новости', '/press-center/news/'), M('Анонсы', '/press-center/announcements/'),
                                                   M('Фотогалерея', '/press-center/photo/'), M('Видео', '/press-center/video/')]),
               M('Госслужба', '/gossluzhba/', [M('Вакансии', '/gossluzhba/vakansii/'), M('Кадровый резерв', '/gossluzhba/rezerv/')]),
               M('Обращения граждан', '/obrashcheniya/')],
         lists=[L('news', '/press-center/news/', 'Новости', 'press', page2='/press-center/news/page-2/',
                  crumbs=[('Пресс-центр', '/press-center/')]),
                L('events', '/press-center/announcements/', 'Анонсы', 'decoy', crumbs=[('Пресс-центр', '/press-center/')]),
                L('photo', '/press-center/photo/', 'Фотогалерея', 'decoy', crumbs=[('Пресс-центр', '/press-center/')]),
                L('video', '/press-center/video/', 'Видео', 'decoy', crumbs=[('Пресс-центр', '/press-center/')]),
                L('documents', '/documents/', 'Документы', 'decoy'),
                L('competitions', '/activity/otbory/', 'Конкурсы и отборы', 'decoy'),
                L('vacancies', '/gossluzhba/vakansii/', 'Вакансии', 'decoy'),
                L('contacts', '/ministry/kontakty/', 'Контакты', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/press-center/news/', 'head'),
                   blocks=[('/documents/', 'Документы', 'Все документы')]),
         sitemap='/sitemap/',
         layout='1C-Bitrix ministry; «Пресс-центр» dropdown (Новости/Анонсы/Фотогалерея/Видео); home block head link «Все новости»; pager page-2'),
    # 2 ------------------------------------------------------------------------------------------
    dict(key='vvolga_gosweb', region='vvolga', theme='gosweb', fmt='dmy_text_time',
         name='Министерство экономического развития и промышленности Верхневолжской области',
         short='Минэкономразвития Верхневолжской области', host='mineconom-vvolga.gosuslugi.ru',
         menu=[M('Главное', '/glavnoe/', kids('/glavnoe/', [('О министерстве', 'o-ministerstve'), ('Руководство', 'rukovodstvo'),
                                                           ('Структура', 'struktura'), ('Контакты', 'kontakty')])),
               M('Официально', '/ofitsialno/', [M('Документы', '/ofitsialno/dokumenty/'),
                                                M('Противодействие коррупции', '/ofitsialno/protivodeystvie-korruptsii/'),
                                                M('Вакансии', '/ofitsialno/vakansii/'), M('Открытые данные', '/ofitsialno/otkrytye-dannye/')]),
               M('Деятельность', '/deyatelnost/', [M('Поддержка бизнеса', '/deyatelnost/podderzhka-biznesa/'),
                                                   M('Инвестиционная деятельность', '/deyatelnost/investitsii/'),
                                                   M('Конкурсы и отборы', '/deyatelnost/konkursy-i-otbory/')]),
               M('Для жителей', '/dlya-zhiteley/', [M('Новости и репортажи', '/dlya-zhiteley/novosti-i-reportazhi/'),
                                                    M('Анонсы', '/dlya-zhiteley/anonsy/'),
                                                    M('Обращения граждан', '/dlya-zhiteley/obrashcheniya-grazhdan/'),
                                                    M('Часто задаваемые вопросы', '/dlya-zhiteley/faq/')])],
         lists=[L('news', '/dlya-zhiteley/novosti-i-reportazhi/', 'Новости и репортажи', 'press', art='{base}novosti-{cc}_{id}.html',
                  cc=193, crumbs=[('Для жителей', '/dlya-zhiteley/')]),
                L('events', '/dlya-zhiteley/anonsy/', 'Анонсы', 'decoy', crumbs=[('Для жителей', '/dlya-zhiteley/')]),
                L('documents', '/ofitsialno/dokumenty/', 'Документы', 'decoy'),
                L('anticorruption', '/ofitsialno/protivodeystvie-korruptsii/', 'Противодействие коррупции', 'decoy', n=6),
                L('vacancies', '/ofitsialno/vakansii/', 'Вакансии', 'decoy'),
                L('opendata', '/ofitsialno/otkrytye-dannye/', 'Открытые данные', None),
                L('competitions', '/deyatelnost/konkursy-i-otbory/', 'Конкурсы и отборы', 'decoy'),
                L('appeals', '/dlya-zhiteley/obrashcheniya-grazhdan/', 'Обращения граждан', None, n=6)],
         home=dict(title='Новости', all=('Все новости', '/dlya-zhiteley/novosti-i-reportazhi/', 'head'),
                   blocks=[('/ofitsialno/dokumenty/', 'Документы', 'Все документы'), ('/dlya-zhiteley/anonsy/', 'Анонсы', 'Все анонсы')]),
         search='/poisk/', special='#',
         layout='ГосВеб ministry; «Для жителей» → «Новости и репортажи» (/dlya-zhiteley/novosti-i-reportazhi/); home «Все новости»; JS «Показать ещё»'),
    # 3 ------------------------------------------------------------------------------------------
    dict(key='zaoksk_mip', portal='https://zaoksk-obl.ru/', region='zaoksk', theme='mosreg', fmt='dmy_text_g_time',
         name='Министерство инвестиций, промышленности и науки Заокской области', short='Мининвест Заокской области',
         host='mip.zaoksk-obl.ru', head_title='министр инвестиций, промышленности и науки',
         menu=[M('Министерство', '/ministerstvo', kids('/ministerstvo/', ABOUT + [('Контакты', 'kontakty')], False)),
               M('Деятельность', '/deyatelnost', kids('/deyatelnost/', [('Инвестиционная деятельность', 'investitsionnaya-deyatelnost'),
                                                                        ('Промышленность', 'promyshlennost'), ('Наука', 'nauka'),
                                                                        ('Закупки', 'zakupki')], False)),
               M('Документы', '/dokumenty', kids('/dokumenty/', [('Нормативные правовые акты', 'normativnye-pravovye-akty'),
                                                                 ('Проекты НПА', 'proekty-npa')], False)),
               M('События', '/sobytiya', kids('/sobytiya/', [('Новости министерства', 'novosti-ministerstva'), ('Анонсы', 'anonsy'),
                                                             ('Фотогалерея', 'fotogalereya')], False)),
               M('Новости Заокской области', 'https://zaoksk-obl.ru/sobytiya/novosti'),
               M('Обращения граждан', '/obrashcheniya-grazhdan')],
         lists=[L('news', '/sobytiya/novosti-ministerstva', 'Новости министерства', 'press', page2='/sobytiya/novosti-ministerstva/page/2',
                  art='{base}{dmyhms}-{slug}', crumbs=[('События', '/sobytiya')]),
                L('events', '/sobytiya/anonsy', 'Анонсы', 'decoy', crumbs=[('События', '/sobytiya')]),
                L('photo', '/sobytiya/fotogalereya', 'Фотогалерея', 'decoy', crumbs=[('События', '/sobytiya')]),
                L('npa', '/dokumenty/normativnye-pravovye-akty', 'Нормативные правовые акты', 'decoy', crumbs=[('Документы', '/dokumenty')]),
                L('tenders', '/deyatelnost/zakupki', 'Закупки', 'decoy')],
         home=dict(title='Новости министерства', all=('Все новости', '/sobytiya/novosti-ministerstva', 'bottom')),
         layout='mosreg-like custom; «События» → «Новости министерства» (/sobytiya/novosti-ministerstva, no slash); external «Новости Заокской области»'),
    # 4 ------------------------------------------------------------------------------------------
    dict(key='ideltau_portal', region='ideltau', theme='tatar', fmt='dmy_text_sp_time',
         name='Официальный портал Республики Идель-Тау', short='Портал Республики Идель-Тау', host='ideltau.ru',
         head_title='Премьер-министр Республики Идель-Тау', org_loc='пресс-службе Раиса Республики Идель-Тау',
         menu=[M('Раис', '/rus/rais.htm'), M('Правительство', '/rus/government.htm'),
               M('Органы власти', '/rus/oiv.htm', [M('Министерства', '/rus/oiv/ministries.htm'), M('Ведомства', '/rus/oiv/vedomstva.htm')]),
               M('Пресс-служба', '/rus/press.htm', [M('Лента новостей', '/rus/index.htm/news/tape/'),
                                                    M('Пресс-релизы', '/rus/press/releases.htm'),
                                                    M('Фоторепортажи', '/rus/press/photo.htm'),
                                                    M('План мероприятий', '/rus/index.htm/plan/')]),
               M('Документы', '/rus/documents.htm'), M('Обращения', '/rus/obrashenie.htm')],
         lists=[L('news', '/rus/index.htm/news/tape/', 'Лента новостей', 'press', page2='/rus/index.htm/news/tape/page/2/',
                  art='/rus/index.htm/news/{id}.htm', crumbs=[('Пресс-служба', '/rus/press.htm')]),
                L('releases', '/rus/press/releases.htm', 'Пресс-релизы', 'acceptable', art='/rus/press/releases/{id}.htm',
                  crumbs=[('Пресс-служба', '/rus/press.htm')]),
                L('photo', '/rus/press/photo.htm', 'Фоторепортажи', 'decoy', item_base='/rus/press/photo/'),
                L('dayplan', '/rus/index.htm/plan/', 'План мероприятий', 'decoy', n=9),
                L('documents', '/rus/documents.htm', 'Документы', 'decoy')],
         home=dict(all=('Лента новостей', '/rus/index.htm/news/tape/'), releases='/rus/press/releases.htm'),
         today=True,
         layout='tatarstan-like portal; «Пресс-служба» → «Лента новостей» /rus/index.htm/news/tape/; home events table with DD/MM dates'),
    # 5 ------------------------------------------------------------------------------------------
    dict(key='priiset_portal', region='priiset', theme='drupal7', fmt='dmy_minutes',
         name='Правительство Приисетской области', short='Правительство Приисетской области', host='priiset-obl.ru',
         head_title='Губернатор Приисетской области', org_loc='управлении информационной политики Правительства области',
         menu=[M('Власть', '/vlast', kids('/vlast/', [('Губернатор', 'gubernator'), ('Правительство', 'pravitelstvo'),
                                                      ('Органы исполнительной власти', 'oiv'), ('Вакансии', 'vakansii')], False)),
               M('Пресс-центр', '/press', [M('Новости', '/news'), M('Новости министерств и ведомств', '/news/ministries'),
                                           M('Анонсы', '/anonsy'), M('Фото', '/photo'), M('Календарь', '/calendar')]),
               M('Документы', '/documents'),
               M('Экономика', '/ekonomika', kids('/ekonomika/', [('Инвестиции', 'investicii'), ('Промышленность', 'promyshlennost'),
                                                                 ('Малый бизнес', 'msp')], False)),
               M('Обращения граждан', '/obrashcheniya')],
         lists=[L('news', '/news', 'Новости', 'press', page2='/news/page-2', art='/content/{slug}'),
                L('ministries', '/news/ministries', 'Новости министерств и ведомств', 'acceptable', portal_host='priiset-obl.ru'),
                L('events', '/anonsy', 'Анонсы', 'decoy'), L('photo', '/photo', 'Фото', 'decoy'),
                L('events', '/calendar', 'Календарь событий', 'decoy', ascending=True),
                L('documents', '/documents', 'Документы', 'decoy'), L('vacancies', '/vlast/vakansii', 'Вакансии', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/news', 'head'), blocks=[('/anonsy', 'Анонсы', 'Все анонсы')]),
         tpl='priiset',
         layout='Drupal 7 regional government portal; «Пресс-центр» → «Новости» (/news) and «Новости министерств и ведомств»; kurgan-like dates'),
    # 6 ------------------------------------------------------------------------------------------
    dict(key='irtysh_air', region='irtysh', theme='drupal8', fmt='dotted',
         name='Агентство инвестиционного развития Иртышской области', short='АИР Иртышской области', host='invest-irtysh.ru',
         head_title='генеральный директор агентства', org_loc='пресс-службе агентства',
         menu=[M('Об агентстве', '/content/ob-agentstve'),
               M('Инвестору', '/content/investoru', [M('Меры поддержки', '/content/mery-podderzhki'),
                                                     M('Инвестиционные площадки', '/content/ploshchadki'),
                                                     M('Сопровождение проектов', '/content/soprovozhdenie')]),
               M('Мероприятия', '/content/meropriyatiya'), M('Новости', '/content/news'), M('Документы', '/content/dokumenty'),
               M('Закупки', '/content/zakupki'), M('Контакты', '/content/kontakty')],
         lists=[L('news', '/content/news', 'Новости', 'press', art='/node/{id}'),
                L('events', '/content/meropriyatiya', 'Мероприятия', 'decoy', ascending=True),
                L('documents', '/content/dokumenty', 'Документы', 'decoy'), L('tenders', '/content/zakupki', 'Закупки', 'decoy'),
                L('contacts', '/content/kontakty', 'Контакты', None)],
         home=dict(title='Новости агентства', all=('Все новости', '/content/news', 'bottom'),
                   blocks=[('/content/meropriyatiya', 'Ближайшие мероприятия', 'Все мероприятия')]),
         layout='Drupal 8 investment agency; flat top menu «Мероприятия» before «Новости» (/content/news); articles /node/N'),
    # 7 ------------------------------------------------------------------------------------------
    dict(key='novoob_export', region='novoob', theme='wp', fmt='dotted',
         name='Центр поддержки экспорта Новообской области', short='ЦПЭ Новообской области', host='export-novoob.ru',
         head_title='руководитель центра поддержки экспорта', org_loc='Центре поддержки экспорта',
         menu=[M('О центре', '/o-centre/'),
               M('Услуги', '/uslugi/', kids('/uslugi/', [('Поиск партнёров', 'poisk-partnerov'), ('Бизнес-миссии', 'biznes-missii'),
                                                         ('Сертификация', 'sertifikatsiya'), ('Выставки', 'vystavki')])),
               M('Медиа', '#', [M('Новости', '/category/novosti/'), M('Фотогалерея', '/galereya/')]),
               M('Мероприятия', '/category/meropriyatiya/'), M('Документы', '/dokumenty/'), M('Закупки', '/zakupki/'),
               M('Контакты', '/kontakty/')],
         lists=[L('news', '/category/novosti/', 'Новости', 'press', page2='/category/novosti/page/2/', art='/{y}/{m}/{d}/{slug}/',
                  wp_archive=True),
                L('events', '/category/meropriyatiya/', 'Мероприятия', 'decoy', wp_archive=True, item_base='/meropriyatie/'),
                L('photo', '/galereya/', 'Фотогалерея', 'decoy'), L('documents', '/dokumenty/', 'Документы', 'decoy'),
                L('tenders', '/zakupki/', 'Закупки', 'decoy')],
         home=dict(title='Последние новости', all=('Все новости', '/category/novosti/', 'bottom'),
                   blocks=[('/category/meropriyatiya/', 'Мероприятия', 'Все мероприятия')]),
         layout='WordPress export centre; «Медиа» (href #) → «Новости» /category/novosti/; «Мероприятия» is a twin WP category'),
    # 8 ------------------------------------------------------------------------------------------
    dict(key='srvolga_minprom', region='srvolga', theme='joomla', fmt='dmy_text',
         name='Министерство промышленности и торговли Средневолжской области', short='Минпромторг Средневолжской области',
         host='minprom.srvolga.ru', head_title='министр промышленности и торговли',
         menu=[M('Главная', '/'),
               M('О министерстве', '/o-ministerstve', kids('/o-ministerstve/', [('Руководство', 'rukovodstvo'), ('Структура', 'struktura'),
                                                                                ('Подведомственные организации', 'podvedomstvennye')], False)),
               M('Документы', '/dokumenty'), M('Новости', '/novosti'), M('Промышленность', '/promyshlennost'),
               M('Торговля', '/torgovlya'), M('Госзакупки', '/goszakupki'), M('Нормативные акты', '/normativnye-akty'),
               M('Контакты', '/kontakty')],
         lists=[L('news', '/novosti', 'Новости', 'press', page2='/novosti/stranitsa-2', art='{base}{id}-{slug}'),
                L('documents', '/dokumenty', 'Документы', 'decoy', full_titles=True),
                L('npa', '/normativnye-akty', 'Нормативные акты', 'decoy'), L('tenders', '/goszakupki', 'Госзакупки', 'decoy'),
                L('structure', '/o-ministerstve/struktura', 'Структура', None)],
         home=dict(title='Новости министерства', k=5, blocks=[('/dokumenty', 'Новые документы', 'Все документы')]),
         layout='Joomla 3 ministry; «Документы» (dated blog, same markup) precedes «Новости» (/novosti); home block has no list link'),
    # 9 ------------------------------------------------------------------------------------------
    dict(key='prienisey_minek', region='prienisey', theme='old1251', fmt='dotted',
         name='Министерство экономики и регионального развития Приенисейского края',
         short='Минэкономразвития Приенисейского края', host='econ.prienisey.ru',
         head_title='министр экономики и регионального развития',
         menu=[M('О министерстве', '/page101.html', [M('Руководство', '/page102.html'), M('Положение о министерстве', '/page103.html')]),
               M('Новости министерства', '/page105.html'), M('Документы', '/page110.html'),
               M('Государственная служба', '/page118.html'), M('Государственные закупки', '/page121.html'),
               M('Инвестиционная деятельность', '/page130.html'), M('Обращения граждан', '/page140.html'),
               M('Контакты', '/page150.html')],
         lists=[L('news', '/page105.html', 'Новости министерства', 'press', page2='/page105_2.html', art='/news/{y}/{m}/{id}.html'),
                L('documents', '/page110.html', 'Документы', 'decoy'), L('vacancies', '/page118.html', 'Государственная служба', 'decoy'),
                L('tenders', '/page121.html', 'Государственные закупки', 'decoy'), L('appeals', '/page140.html', 'Обращения граждан', 'decoy')],
         home=dict(title='Новости', all=('Все новости', 'page105.html'), blocks=[('/page110.html', 'Документы', 'Все документы')]),
         topline=[M('Главная', '/'), M('Карта сайта', '/page160.html'), M('Версия для слабовидящих', '/page170.html')],
         sitemap='/page160.html', search='/search.html',
         layout='old table layout, windows-1251; left menu «Новости министерства» → /page105.html (URL says nothing); relative «Все новости»'),
    # 10 -----------------------------------------------------------------------------------------
    dict(key='pribaikal_invest', region='pribaikal', theme='old1251', fmt='dotted',
         name='Агентство по инвестициям и внешнеэкономическим связям Прибайкальской области',
         short='Агентство по инвестициям Прибайкальской области', host='invest.pribaikal.ru',
         head_title='руководитель агентства', org_loc='агентстве по инвестициям',
         menu=[M('Об агентстве', '/about/index.htm'), M('Новости агентства', '/news/index.htm'),
               M('Инвестиционные проекты', '/projects/index.htm'), M('Нормативные правовые акты', '/npa/index.htm'),
               M('Конкурсы', '/konkurs/index.htm'), M('Фотоальбом', '/foto/index.htm'), M('Контакты', '/contacts/index.htm')],
         lists=[L('news', '/news/index.htm', 'Новости агентства', 'press', art='/news/{y}/{m}{d}_{id}.htm'),
                L('npa', '/npa/index.htm', 'Нормативные правовые акты', 'decoy'),
                L('competitions', '/konkurs/index.htm', 'Конкурсы', 'decoy', item_base='/konkurs/'),
                L('photo', '/foto/index.htm', 'Фотоальбом', 'decoy', item_base='/foto/')],
         home=dict(title='Новости агентства', all=('Архив новостей', '/news/index.htm'),
                   blocks=[('/konkurs/index.htm', 'Конкурсы', 'Все конкурсы')]),
         topline=[M('Главная', '/'), M('Контакты', '/contacts/index.htm')], search='/search/index.htm',
         layout='old table layout, windows-1251, *.htm pages; left menu «Новости агентства» → /news/index.htm'),
    # 11 -----------------------------------------------------------------------------------------
    dict(key='vyatkam_corp', region='vyatkam', theme='tilda', fmt='dotted',
         name='Корпорация развития Вятско-Камской области', short='Корпорация развития Вятско-Камской области',
         host='kr-vyatkam.ru', head_title='генеральный директор корпорации', org_loc='пресс-службе Корпорации развития',
         menu=[M('О корпорации', '/about'), M('Инвесторам', '/investors'), M('Площадки', '/ploshchadki'), M('Новости', '/news'),
               M('Мероприятия', '/events'), M('Документы', '/docs'), M('Вакансии', '/vacancies'), M('Контакты', '#contacts')],
         lists=[L('news', '/news', 'Новости', 'press', art='/tpost/{tid}-{slug}'),
                L('events', '/events', 'Мероприятия', 'decoy', item_base='/tpost/'),
                L('documents', '/docs', 'Документы', 'decoy'), L('vacancies', '/vacancies', 'Вакансии', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/news', 'bottom')),
         tiles=[('Подбор площадки', '/ploshchadki', 'Земельные участки и помещения'), ('Инвесторам', '/investors', 'Меры поддержки'),
                ('Индустриальные парки', '/parks', '')],
         footer_links=[M('Политика конфиденциальности', '/policy'), M('Документы', '/docs')],
         layout='Tilda development corporation; flat menu «Новости» → /news (t-feed), posts /tpost/…; «Мероприятия» same feed markup'),
    # 12 -----------------------------------------------------------------------------------------
    dict(key='yuzhprim_invest', region='yuzhprim', theme='next', fmt='dmy_text',
         name='Агентство инвестиций и развития Южно-Приморского края', short='Агентство инвестиций Южно-Приморского края',
         host='invest-yuzhprim.ru', head_title='генеральный директор агентства', org_loc='пресс-службе агентства',
         menu=[M('Об агентстве', '/about/'),
               M('Инвестору', '/investoru/', kids('/investoru/', [('Меры поддержки', 'mery-podderzhki'), ('Площадки', 'ploshchadki'),
                                                                  ('ТОР и СПВ', 'tor')])),
               M('Проекты', '/projects/'),
               M('Медиацентр', None, [M('Новости', '/mediacenter/news/'), M('Фото и видео', '/mediacenter/media/'),
                                      M('СМИ о нас', '/mediacenter/smi-o-nas/')]),
               M('Контакты', '/contacts/')],
         lists=[L('news', '/mediacenter/news/', 'Новости', 'press', page2='/mediacenter/news/page/2/', art='{base}{slug}'),
                L('photo', '/mediacenter/media/', 'Фото и видео', 'decoy'),
                L('smi', '/mediacenter/smi-o-nas/', 'СМИ о нас', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/mediacenter/news/')),
         tiles=[('Меры поддержки', '/investoru/mery-podderzhki/', ''), ('Площадки', '/investoru/ploshchadki/', ''),
                ('Проекты', '/projects/', '')],
         layout='Next.js-like agency; «Медиацентр» is a <button> dropdown → «Новости» /mediacenter/news/; news block = plain <a> cards'),
    # 13 -----------------------------------------------------------------------------------------
    dict(key='daur_minek', region='daur', theme='spb', fmt='dmy_text_g',
         name='Министерство экономического развития Даурского края', short='Минэкономразвития Даурского края',
         host='minek.daur-krai.ru',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT + [('Контакты', 'kontakty')])),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Медиацентр', '/press/', [M('Фотобанк', '/press/photo/'), M('Видео', '/press/video/')]),
               M('Документы', '/docs/'), M('Закупки', '/tenders/'), M('Вакансии', '/vacancies/')],
         lists=[L('news', '/press/', 'Медиацентр', 'press', art='/press/{id}/'),
                L('photo', '/press/photo/', 'Фотобанк', 'decoy', crumbs=[('Медиацентр', '/press/')]),
                L('video', '/press/video/', 'Видео', 'decoy', crumbs=[('Медиацентр', '/press/')]),
                L('documents', '/docs/', 'Документы', 'decoy'), L('tenders', '/tenders/', 'Закупки', 'decoy'),
                L('vacancies', '/vacancies/', 'Вакансии', 'decoy')],
         home=dict(title='Последние новости'),
         layout='custom portal markup (nwItem); menu label «Медиацентр» → /press/ (the list itself); no list link on home'),
    # 14 -----------------------------------------------------------------------------------------
    dict(key='algys_minpred', region='algys', theme='bitrix', fmt='dmy_text', tpl='algys',
         name='Министерство предпринимательства, торговли и туризма Республики Алгыс',
         short='Минпредпринимательства Республики Алгыс', host='minpred.algys.ru',
         head_title='министр предпринимательства, торговли и туризма',
         menu=[M('О министерстве', '/o-ministerstve/', kids('/o-ministerstve/', ABOUT)),
               M('Деятельность', '/deyatelnost/', kids('/deyatelnost/', [('Поддержка предпринимательства', 'podderzhka'),
                                                                         ('Торговля', 'torgovlya'), ('Туризм', 'turizm')]) +
                 [M('Конкурсы', '/konkursy/')]),
               M('Документы', '/dokumenty/'), M('Пресс-центр', '/press-centr/'), M('Обращения граждан', '/obrashcheniya/'),
               M('Контакты', '/kontakty/')],
         landings={'/press-centr/': dict(title='Пресс-центр', text='Пресс-служба министерства: тел. для СМИ указан в разделе «Контакты».',
                                         tiles=[('Новости', '/press-centr/novosti/', 'Новости министерства'),
                                                ('Пресс-релизы', '/press-centr/press-relizy/', 'Официальные сообщения для СМИ'),
                                                ('Фотогалерея', '/press-centr/fotogalereya/', ''),
                                                ('Видеогалерея', '/press-centr/videogalereya/', ''),
                                                ('Аккредитация СМИ', '/press-centr/akkreditatsiya/', '')])},
         lists=[L('news', '/press-centr/novosti/', 'Новости', 'press', crumbs=[('Пресс-центр', '/press-centr/')]),
                L('releases', '/press-centr/press-relizy/', 'Пресс-релизы', 'acceptable', crumbs=[('Пресс-центр', '/press-centr/')]),
                L('photo', '/press-centr/fotogalereya/', 'Фотогалерея', 'decoy', crumbs=[('Пресс-центр', '/press-centr/')]),
                L('video', '/press-centr/videogalereya/', 'Видеогалерея', 'decoy', crumbs=[('Пресс-центр', '/press-centr/')]),
                L('documents', '/dokumenty/', 'Документы', 'decoy'), L('competitions', '/konkursy/', 'Конкурсы', 'decoy')],
         home=dict(title='Новости'),
         layout='1C-Bitrix ministry; «Пресс-центр» → landing of tiles (no list) → «Новости» /press-centr/novosti/; home block unlinked'),
    # 15 -----------------------------------------------------------------------------------------
    dict(key='priok_minek', portal='https://priok-region.ru/', region='priok', theme='bitrix', fmt='cap', tpl='priok',
         name='Министерство экономического развития Приокской области', short='Минэкономразвития Приокской области',
         host='economy.priok-region.ru',
         menu=[M('Новости', 'https://priok-region.ru/press_center/news/'),
               M('Министерство', '/ministry/', kids('/ministry/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Пресс-центр', '/press_center/', [M('Новости министерства', '/press_center/news/'), M('Фотобанк', '/press_center/photo/'),
                                                   M('Видео', '/press_center/video/'), M('Календарь', '/press_center/calendar/')]),
               M('Документы', '/documents/'), M('Госзакупки', '/goszakupki/')],
         lists=[L('news', '/press_center/news/', 'Новости министерства', 'press', art='{base}{slug}/',
                  crumbs=[('Пресс-центр', '/press_center/')]),
                L('photo', '/press_center/photo/', 'Фотобанк', 'decoy', crumbs=[('Пресс-центр', '/press_center/')]),
                L('video', '/press_center/video/', 'Видео', 'decoy', crumbs=[('Пресс-центр', '/press_center/')]),
                L('events', '/press_center/calendar/', 'Календарь', 'decoy', crumbs=[('Пресс-центр', '/press_center/')]),
                L('documents', '/documents/', 'Документы', 'decoy'), L('tenders', '/goszakupki/', 'Госзакупки', 'decoy')],
         home=dict(title='Новости министерства'),
         footer_extra=[M('Новости Минэкономразвития России', 'https://www.economy.gov.ru/material/news/')],
         layout='1C-Bitrix (tularegion-like); first menu item «Новости» is EXTERNAL (regional portal); own news under «Пресс-центр» → /press_center/news/'),
    # 16 -----------------------------------------------------------------------------------------
    dict(key='katun_minprom', portal='https://katun-krai.ru/', region='katun', theme='bitrix', fmt='dotted_time', tpl='katun',
         name='Министерство промышленности, торговли и инвестиций Катунского края', short='Минпромторг Катунского края',
         host='minprom.katun-krai.ru', head_title='министр промышленности, торговли и инвестиций',
         menu=[M('Министерство', '/ministry/', kids('/ministry/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Новости', '/novosti/', [M('Новости министерства', '/novosti/'), M('Новости отрасли', '/novosti-otrasli/'),
                                          M('Новости региона', '/novosti-regiona/')]),
               M('Документы', '/documents/'), M('Вакансии', '/vacancies/'), M('Контакты', '/contacts/')],
         lists=[L('news', '/novosti/', 'Новости министерства', 'press', page2='/novosti/page-2/', art='{base}{slug}/'),
                L('repost', '/novosti-otrasli/', 'Новости отрасли', 'decoy'),
                L('repost', '/novosti-regiona/', 'Новости региона', 'decoy', regional='katun-krai.ru'),
                L('documents', '/documents/', 'Документы', 'decoy'), L('vacancies', '/vacancies/', 'Вакансии', 'decoy')],
         home=dict(tabs=[('Новости министерства', '/novosti/', 'Все новости министерства'),
                         ('Новости отрасли', '/novosti-otrasli/', 'Все новости отрасли')]),
         layout='1C-Bitrix; «Новости» dropdown: own «Новости министерства» (/novosti/) vs repost feeds «Новости отрасли», «Новости региона»'),
    # 17 -----------------------------------------------------------------------------------------
    dict(key='pritom_corp', region='pritom', theme='custom', fmt='dmy_text',
         name='АО «Корпорация развития Притомской области»', short='Корпорация развития Притомской области', host='krpo-pritom.ru',
         head_title='генеральный директор корпорации', org_loc='пресс-службе корпорации', special='#',
         menu=[M('О корпорации', '/about/'), M('Проекты', '/projects/'), M('Индустриальные парки', '/parks/'),
               M('Инвесторам', '/investors/'), M('Закупки', '/about/info/zakupki/'), M('Контакты', '/contacts/')],
         footer=[(M('Раскрытие информации', '/about/info/'), [M('Документы', '/about/info/documents/'), M('Новости', '/about/info/news/'),
                                                              M('Закупки', '/about/info/zakupki/'), M('Вакансии', '/about/vacancies/')]),
                 (M('Инвесторам', '/investors/'), [M('Подбор площадки', '/investors/ploshchadki/'),
                                                   M('Меры поддержки', '/investors/podderzhka/')])],
         lists=[L('news', '/about/info/news/', 'Новости', 'press', crumbs=[('Раскрытие информации', '/about/info/')]),
                L('documents', '/about/info/documents/', 'Документы', 'decoy', crumbs=[('Раскрытие информации', '/about/info/')]),
                L('tenders', '/about/info/zakupki/', 'Закупки', 'decoy', crumbs=[('Раскрытие информации', '/about/info/')]),
                L('vacancies', '/about/vacancies/', 'Вакансии', 'decoy')],
         home=dict(title='Новости корпорации'),
         layout='custom corporation site; news list linked ONLY from the footer column «Раскрытие информации» → /about/info/news/'),
    # 18 -----------------------------------------------------------------------------------------
    dict(key='ohotomor_minek', region='ohotomor', theme='spb', fmt='dmy_text_g',
         name='Министерство экономического развития и инвестиций Охотоморской области',
         short='Минэкономразвития Охотоморской области', host='minek.ohotomor.ru',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)),
               M('Направления деятельности', '/napravleniya/', kids('/napravleniya/', ACTIVITY)),
               M('Документы', '/documents/'), M('Конкурсы и отборы', '/competitions/'), M('Госслужба', '/vacancy/'),
               M('Контакты', '/contacts/')],
         lists=[L('news', '/presscenter/', 'Новости', 'press'),
                L('documents', '/documents/', 'Документы', 'decoy'), L('competitions', '/competitions/', 'Конкурсы и отборы', 'decoy'),
                L('vacancies', '/vacancy/', 'Госслужба', 'decoy'), L('contacts', '/contacts/', 'Контакты', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/presscenter/', 'icon')),
         layout='custom portal markup; no menu item for news: the list /presscenter/ is linked by an icon-only arrow (title/aria-label «Все новости»)'),
    # 19 -----------------------------------------------------------------------------------------
    dict(key='klyuch_minek', region='klyuch', theme='custom', fmt='dotted',
         name='Министерство экономического развития и торговли Ключевского края',
         short='Минэкономразвития Ключевского края', host='minek.klyuch-krai.ru',
         head_title='министр экономического развития и торговли',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Документы', '/documents/'),
               M('Госслужба', '/gossluzhba/', [M('Вакансии', '/gossluzhba/vakansii/'), M('Кадровый резерв', '/gossluzhba/rezerv/')]),
               M('Обращения граждан', '/obrashcheniya/'), M('Контакты', '/contacts/')],
         lists=[L('news', '/news/', 'Новости', 'press', page2='/news/2/', alias='/news/1/', pager_links=['/news/1/', '/news/2/'],
                  art='/news/{y}/{m}/{d}/{slug}/'),
                L('documents', '/documents/', 'Документы', 'decoy'), L('vacancies', '/gossluzhba/vakansii/', 'Вакансии', 'decoy'),
                L('appeals', '/obrashcheniya/', 'Обращения граждан', 'decoy', n=7)],
         home=dict(title='Новости', all=('Все новости →', '/news/', 'bottom')),
         layout='custom; home news items link straight to articles, the only list link is «Все новости →» under the block; pager /news/1/, /news/2/'),
    # 20 -----------------------------------------------------------------------------------------
    dict(key='ostrov_minek', region='ostrov', theme='custom', fmt='dmy_text_g',
         name='Министерство экономического развития Островной области', short='Минэкономразвития Островной области',
         host='minek.ostrov-obl.ru', today=True,
         menu=[M('МИНИСТЕРСТВО', '/ministerstvo/', kids('/ministerstvo/', ABOUT)),
               M('ДЕЯТЕЛЬНОСТЬ', '/deyatelnost/', kids('/deyatelnost/', ACTIVITY)),
               M('ДОКУМЕНТЫ', '/dokumenty/'), M('НОВОСТИ', '/novosti/'), M('ЗАКУПКИ', '/zakupki/'), M('ВАКАНСИИ', '/vakansii/'),
               M('КОНТАКТЫ', '/kontakty/')],
         lists=[L('news', '/novosti/', 'Новости', 'press', art='{base}{slug}/'),
                L('documents', '/dokumenty/', 'Документы', 'decoy'), L('tenders', '/zakupki/', 'Закупки', 'decoy'),
                L('vacancies', '/vakansii/', 'Вакансии', 'decoy')],
         home=dict(title='НОВОСТИ', all=('ВСЕ НОВОСТИ', '/novosti/', 'head'), blocks=[('/dokumenty/', 'ДОКУМЕНТЫ', 'ВСЕ ДОКУМЕНТЫ')]),
         layout='custom; upper-case menu «НОВОСТИ» → /novosti/ after «ДОКУМЕНТЫ»; header shows today\'s date'),
    # 21 -----------------------------------------------------------------------------------------
    dict(key='shor_invest', region='shor', theme='custom', fmt='dmy_text',
         name='Агентство по привлечению инвестиций Шорской области', short='Инвестагентство Шорской области',
         host='investshor.ru', head_title='директор агентства', org_loc='агентстве по привлечению инвестиций',
         menu=[M('About', '/about/'),
               M('Invest', '/invest/', kids('/invest/', [('Площадки', 'ploshchadki'), ('Меры поддержки', 'podderzhka'),
                                                         ('ОЭЗ и ТОР', 'oez')])),
               M('Support', '/support/'), M('News', '/info/news/'), M('Events', '/info/events/'), M('Documents', '/info/documents/'),
               M('Procurement', '/info/procurement/'), M('Contacts', '/contacts/'), M('EN', 'https://en.investshor.ru/')],
         lists=[L('news', '/info/news/', 'Новости', 'press', art='{base}{slug}/'),
                L('events', '/info/events/', 'Мероприятия', 'decoy', ascending=True),
                L('documents', '/info/documents/', 'Документы', 'decoy'), L('tenders', '/info/procurement/', 'Закупки', 'decoy')],
         home=dict(title='Новости'),
         layout='custom investment agency; English menu labels («News» → /info/news/) over Russian content; home block unlinked'),
    # 22 -----------------------------------------------------------------------------------------
    dict(key='sural_mir', region='sural', theme='custom', fmt='dotted',
         name='Министерство инвестиций и развития Среднеуральской области', short='Мининвест Среднеуральской области',
         host='mir.sural-obl.ru', head_title='министр инвестиций и развития',
         menu=[M('Министерство', '/section/2/', [M('Руководство', '/section/3/'), M('Положение', '/section/4/'), M('Структура', '/section/5/')]),
               M('Новости и события', '/section/17/'), M('Документы', '/section/21/'), M('Государственная служба', '/section/34/'),
               M('Закупки', '/section/40/'), M('Обращения граждан', '/section/45/'), M('Контакты', '/section/50/')],
         lists=[L('news', '/section/17/', 'Новости и события', 'press', page2='/section/17/2/', art='/item/{id}/'),
                L('documents', '/section/21/', 'Документы', 'decoy'), L('vacancies', '/section/34/', 'Государственная служба', 'decoy'),
                L('tenders', '/section/40/', 'Закупки', 'decoy'), L('structure', '/section/5/', 'Структура', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/section/17/', 'bottom')),
         layout='custom CMS with opaque URLs (/section/17/, /item/N/); label «Новости и события» is the only hint'),
    # 23 -----------------------------------------------------------------------------------------
    dict(key='pridon_econ', region='pridon', theme='spb', fmt='dmy_text_g',
         name='Министерство экономической политики Придонской области', short='Минэкономполитики Придонской области',
         host='econ.pridon-obl.ru', head_title='министр экономической политики',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Информационный центр', '/infocenter/', [M('Новости', '/infocenter/news/'), M('Анонсы', '/infocenter/anonsy/'),
                                                          M('Публикации в СМИ', '/infocenter/smi/'), M('Фотоархив', '/infocenter/foto/')]),
               M('Документы', '/dokumenty/'), M('Контакты', '/kontakty/')],
         lists=[L('news', '/infocenter/news/', 'Новости', 'press', crumbs=[('Информационный центр', '/infocenter/')]),
                L('events', '/infocenter/anonsy/', 'Анонсы', 'decoy', crumbs=[('Информационный центр', '/infocenter/')]),
                L('smi', '/infocenter/smi/', 'Публикации в СМИ', 'decoy', crumbs=[('Информационный центр', '/infocenter/')]),
                L('photo', '/infocenter/foto/', 'Фотоархив', 'decoy', crumbs=[('Информационный центр', '/infocenter/')]),
                L('documents', '/dokumenty/', 'Документы', 'decoy')],
         home=dict(title='Новости министерства', all=('Архив новостей', '/infocenter/news/', 'bottom')),
         layout='custom portal markup; «Информационный центр» dropdown → «Новости» /infocenter/news/; home «Архив новостей»'),
    # 24 -----------------------------------------------------------------------------------------
    dict(key='prikasp_minek', region='prikasp', theme='bitrix', fmt='dotted', tpl='prikasp',
         name='Министерство экономического развития Прикаспийской области', short='Минэкономразвития Прикаспийской области',
         host='minek.prikasp.ru',
         menu=[M('Министерство', '/ministry/', kids('/ministry/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Пресс-релизы', '/info/press-releases/'), M('Документы', '/info/documents/'), M('Тендеры', '/info/tenders/'),
               M('Вакансии', '/info/vacancies/'), M('Контакты', '/contacts/')],
         lists=[L('releases', '/info/press-releases/', 'Пресс-релизы', 'press', page2='/info/press-releases/page-2/'),
                L('documents', '/info/documents/', 'Документы', 'decoy'), L('tenders', '/info/tenders/', 'Тендеры', 'decoy'),
                L('vacancies', '/info/vacancies/', 'Вакансии', 'decoy')],
         home=dict(title='Пресс-релизы', all=('Все пресс-релизы', '/info/press-releases/', 'head')),
         layout='1C-Bitrix ministry; only «Пресс-релизы» (/info/press-releases/), no «Новости» anywhere; siblings /info/documents/, /info/tenders/'),
    # 25 -----------------------------------------------------------------------------------------
    dict(key='pribaikal_minek', region='pribaikal', theme='custom', fmt='dotted_time',
         name='Министерство экономического развития Прибайкальской области', short='Минэкономразвития Прибайкальской области',
         host='minek.pribaikal.ru',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)),
               M('Деятельность', '/activity/', [M('Документы', '/activity/documents/'), M('Конкурсы и отборы', '/activity/competitions/'),
                                                M('Государственные программы', '/activity/programs/')]),
               M('Пресс-служба', '/activity/press/', [M('Пресс-релизы', '/activity/press/releases/'), M('Фото', '/activity/press/photo/'),
                                                      M('Контакты пресс-службы', '/activity/press/contacts/')]),
               M('Обращения граждан', '/appeals/'), M('Контакты', '/contacts/')],
         landings={'/activity/press/': dict(title='Пресс-служба', text='Пресс-служба министерства: аккредитация СМИ, пресс-релизы, фото.',
                                            tiles=[('Пресс-релизы', '/activity/press/releases/', ''),
                                                   ('Фото', '/activity/press/photo/', ''),
                                                   ('Контакты пресс-службы', '/activity/press/contacts/', ''),
                                                   ('Аккредитация СМИ', '/activity/press/accreditation/', '')])},
         lists=[L('releases', '/activity/press/releases/', 'Пресс-релизы', 'press',
                  crumbs=[('Деятельность', '/activity/'), ('Пресс-служба', '/activity/press/')]),
                L('documents', '/activity/documents/', 'Документы', 'decoy', crumbs=[('Деятельность', '/activity/')]),
                L('competitions', '/activity/competitions/', 'Конкурсы и отборы', 'decoy', crumbs=[('Деятельность', '/activity/')]),
                L('photo', '/activity/press/photo/', 'Фото', 'decoy', crumbs=[('Пресс-служба', '/activity/press/')]),
                L('appeals', '/appeals/', 'Обращения граждан', 'decoy', n=6)],
         home=dict(title='Пресс-релизы', all=('Все пресс-релизы', '/activity/press/releases/', 'bottom')),
         layout='custom; «Пресс-служба» (landing /activity/press/) → «Пресс-релизы» /activity/press/releases/; documents live beside it under /activity/'),
    # 26 -----------------------------------------------------------------------------------------
    dict(key='novoob_minek', region='novoob', theme='bitrix', fmt='dmy_text', tpl='novoob',
         name='Министерство экономического развития Новообской области', short='Минэкономразвития Новообской области',
         host='econom.novoob-obl.ru',
         menu=[M('Министерство', '/ministry/', kids('/ministry/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Пресс-центр', '/press/', [M('Новости', '/press/news/'), M('События', '/press/events/'),
                                            M('Новости и события', '/press/all/'), M('Галерея', '/press/gallery/')]),
               M('Документы', '/documents/'), M('Открытые данные', '/opendata/'), M('Контакты', '/contacts/')],
         lists=[L('news', '/press/news/', 'Новости', 'press', crumbs=[('Пресс-центр', '/press/')]),
                L('events', '/press/events/', 'События', 'decoy', ascending=True, crumbs=[('Пресс-центр', '/press/')]),
                L('mixed', '/press/all/', 'Новости и события', 'acceptable', mix_of=('/press/news/', '/press/events/'), n=12,
                  crumbs=[('Пресс-центр', '/press/')]),
                L('photo', '/press/gallery/', 'Галерея', 'decoy', crumbs=[('Пресс-центр', '/press/')]),
                L('documents', '/documents/', 'Документы', 'decoy'), L('opendata', '/opendata/', 'Открытые данные', 'decoy')],
         home=dict(tabs=[('Новости', '/press/news/', 'Все новости'), ('События', '/press/events/', 'Все события'),
                         ('Новости и события', '/press/all/', None)]),
         layout='1C-Bitrix; «Пресс-центр» → «Новости» /press/news/ plus a mixed «Новости и события» list and a future-dated «События» calendar'),
    # 27 -----------------------------------------------------------------------------------------
    dict(key='kolyma_corp', region='kolyma', theme='wp', fmt='dmy_text', tpl='corp',
         name='Корпорация развития Колымской области', short='Корпорация развития Колымской области', host='kr-kolyma.ru',
         head_title='генеральный директор корпорации', org_loc='пресс-службе Корпорации',
         menu=[M('О корпорации', '/o-korporatsii/', [M('Руководство', '/o-korporatsii/rukovodstvo/'),
                                                     M('Раскрытие информации', '/o-korporatsii/raskrytie-informatsii/')]),
               M('Проекты', '/proekty/'),
               M('Пресс-центр', '/press-tsentr/', [M('Новости', '/press-tsentr/novosti/'), M('СМИ о нас', '/press-tsentr/smi-o-nas/'),
                                                   M('Фотобанк', '/press-tsentr/fotobank/')]),
               M('Закупки', '/zakupki/'), M('Вакансии', '/vakansii/'), M('Контакты', '/kontakty/')],
         lists=[L('news', '/press-tsentr/novosti/', 'Новости', 'press', page2='/press-tsentr/novosti/page/2/', art='{base}{slug}/'),
                L('smi', '/press-tsentr/smi-o-nas/', 'СМИ о нас', 'decoy'), L('photo', '/press-tsentr/fotobank/', 'Фотобанк', 'decoy'),
                L('tenders', '/zakupki/', 'Закупки', 'decoy'), L('vacancies', '/vakansii/', 'Вакансии', 'decoy')],
         home=dict(title='Новости', all=('Новости', '/press-tsentr/novosti/', 'title')),
         layout='WordPress corporation; «Пресс-центр» dropdown → «Новости» /press-tsentr/novosti/; home block title is the link'),
    # 28 -----------------------------------------------------------------------------------------
    dict(key='meshcher_mpt', region='meshcher', theme='bitrix', fmt='dotted', tpl='mpt',
         name='Министерство промышленности и торговли Мещёрской области', short='Минпромторг Мещёрской области',
         host='mpt.meshcher-obl.ru', head_title='министр промышленности и торговли',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)), M('Пресс-центр', '/presscenter/'),
               M('Документы', '/documents/'), M('Государственная гражданская служба', '/gosservice/'),
               M('Противодействие коррупции', '/anticorruption/'), M('Открытые данные', '/opendata/'), M('Контакты', '/contacts/')],
         lists=[L('news', '/presscenter/', 'Пресс-центр', 'press', page2='/presscenter/page2/'),
                L('documents', '/documents/', 'Документы', 'decoy'),
                L('vacancies', '/gosservice/', 'Государственная гражданская служба', 'decoy'),
                L('anticorruption', '/anticorruption/', 'Противодействие коррупции', 'decoy', n=7),
                L('opendata', '/opendata/', 'Открытые данные', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/presscenter/', 'head')),
         layout='1C-Bitrix; flat «Пресс-центр» (/presscenter/) is itself the dated news list; many dated decoys (документы, госслужба, открытые данные)'),
    # 29 -----------------------------------------------------------------------------------------
    dict(key='valdai_minek', portal='https://valdai-obl.ru/', region='valdai', theme='drupal7', fmt='dmy_text_sp_time', tpl='valdai',
         name='Министерство экономического развития Валдайской области', short='Минэкономразвития Валдайской области',
         host='minek.valdai-obl.ru',
         menu=[M('О министерстве', '/o-ministerstve', kids('/o-ministerstve/', ABOUT, False)),
               M('Новости министерства', '/novosti'), M('Новости Правительства', 'https://valdai-obl.ru/news'),
               M('Документы', '/dokumenty'), M('Открытые данные', '/opendata'),
               M('Противодействие коррупции', '/protivodeystvie-korrupcii'), M('Контакты', '/kontakty')],
         lists=[L('news', '/novosti', 'Новости министерства', 'press', art='/novosti/{slug}'),
                L('documents', '/dokumenty', 'Документы', 'decoy'), L('opendata', '/opendata', 'Открытые данные', 'decoy'),
                L('anticorruption', '/protivodeystvie-korrupcii', 'Противодействие коррупции', 'decoy', n=6)],
         home=dict(title='Новости министерства', all=('Все новости', '/novosti', 'head')),
         layout='Drupal 7 ministry; «Новости министерства» → /novosti; «Новости Правительства» is an external link to the regional portal'),
    # 30 -----------------------------------------------------------------------------------------
    dict(key='bering_econ', region='bering', theme='custom', fmt='dotted_time',
         name='Департамент экономики и инвестиций Берингийского автономного округа', short='Депэкономики Берингийского АО',
         host='econ.bering-ao.ru', head_title='руководитель департамента', org_loc='пресс-службе департамента',
         menu=[M('О департаменте', '/o-departamente/', kids('/o-departamente/', ABOUT)),
               M('Деятельность', '/deyatelnost/', kids('/deyatelnost/', ACTIVITY)),
               M('Пресс-служба', '/press-sluzhba/', [M('Новости', '/press-sluzhba/novosti/'), M('Видео', '/press-sluzhba/video/'),
                                                     M('Аккредитация СМИ', '/press-sluzhba/akkreditatsiya/'),
                                                     M('Контакты пресс-службы', '/press-sluzhba/kontakty/')]),
               M('Документы', '/dokumenty/'), M('Закупки', '/zakupki/'), M('Контакты', '/kontakty/')],
         lists=[L('news', '/press-sluzhba/novosti/', 'Новости', 'press', crumbs=[('Пресс-служба', '/press-sluzhba/')]),
                L('video', '/press-sluzhba/video/', 'Видео', 'decoy', crumbs=[('Пресс-служба', '/press-sluzhba/')]),
                L('documents', '/dokumenty/', 'Документы', 'decoy'), L('tenders', '/zakupki/', 'Закупки', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/press-sluzhba/novosti/', 'head')),
         layout='custom; «Пресс-служба» dropdown → «Новости» /press-sluzhba/novosti/'),
    # 31 -----------------------------------------------------------------------------------------
    dict(key='irtysh_gosweb', region='irtysh', theme='gosweb', fmt='dmy_text_time',
         name='Министерство экономики Иртышской области', short='Минэкономики Иртышской области',
         host='mineconomy-irtysh.gosuslugi.ru', head_title='министр экономики',
         menu=[M('Главное', '/glavnoe/', [M('Новости', '/glavnoe/novosti/'), M('Анонсы', '/glavnoe/anonsy/'),
                                          M('Фотогалерея', '/glavnoe/fotogalereya/'), M('О министерстве', '/glavnoe/o-ministerstve/')]),
               M('Официально', '/ofitsialno/', [M('Нормативные правовые акты', '/ofitsialno/normativnye-pravovye-akty/'),
                                                M('Противодействие коррупции', '/ofitsialno/protivodeystvie-korruptsii/')]),
               M('Деятельность', '/deyatelnost/', [M('Государственные закупки', '/deyatelnost/gosudarstvennye-zakupki/'),
                                                   M('Государственные программы', '/deyatelnost/gosprogrammy/')]),
               M('Для жителей', '/dlya-zhiteley/', [M('Обращения граждан', '/dlya-zhiteley/obrashcheniya-grazhdan/'),
                                                    M('Вакансии', '/dlya-zhiteley/vakansii/')])],
         lists=[L('news', '/glavnoe/novosti/', 'Новости', 'press', art='{base}novosti-{cc}_{id}.html', cc=201,
                  crumbs=[('Главное', '/glavnoe/')]),
                L('events', '/glavnoe/anonsy/', 'Анонсы', 'decoy', crumbs=[('Главное', '/glavnoe/')]),
                L('photo', '/glavnoe/fotogalereya/', 'Фотогалерея', 'decoy', crumbs=[('Главное', '/glavnoe/')]),
                L('npa', '/ofitsialno/normativnye-pravovye-akty/', 'Нормативные правовые акты', 'decoy'),
                L('anticorruption', '/ofitsialno/protivodeystvie-korruptsii/', 'Противодействие коррупции', None, n=5),
                L('tenders', '/deyatelnost/gosudarstvennye-zakupki/', 'Государственные закупки', 'decoy'),
                L('appeals', '/dlya-zhiteley/obrashcheniya-grazhdan/', 'Обращения граждан', 'decoy', n=6),
                L('vacancies', '/dlya-zhiteley/vakansii/', 'Вакансии', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/glavnoe/novosti/', 'head'),
                   blocks=[('/ofitsialno/normativnye-pravovye-akty/', 'Нормативные правовые акты', 'Все документы')]),
         search='/poisk/', special='#',
         layout='ГосВеб ministry; «Главное» → «Новости» /glavnoe/novosti/; dated NPA, закупки, анонсы on the same platform markup'),
    # 32 -----------------------------------------------------------------------------------------
    dict(key='khvalyn_export', region='khvalyn', theme='bitrix', fmt='dotted', tpl='export',
         name='Центр поддержки экспорта Хвалынской области', short='ЦПЭ Хвалынской области', host='export-khvalyn.ru',
         head_title='руководитель центра поддержки экспорта', org_loc='Центре поддержки экспорта',
         menu=[M('О центре', '/about/'),
               M('Услуги', '/services/', kids('/services/', [('Бизнес-миссии', 'biznes-missii'), ('Выставки', 'vystavki'),
                                                             ('Сертификация', 'sertifikatsiya'), ('Поиск покупателей', 'poisk')])),
               M('Мероприятия', '/events/'), M('Отборы', '/otbory/'), M('Новости', '/news/'),
               M('Новости РЭЦ', 'https://www.exportcenter.ru/press_center/news/'), M('Документы', '/documents/'),
               M('Контакты', '/contacts/')],
         lists=[L('news', '/news/', 'Новости', 'press', art='{base}{slug}/'),
                L('events', '/events/', 'Мероприятия', 'decoy', ascending=True),
                L('competitions', '/otbory/', 'Отборы', 'decoy'), L('documents', '/documents/', 'Документы', 'decoy')],
         home=dict(title='Новости центра', all=('Все новости', '/news/', 'bottom'),
                   blocks=[('/events/', 'Ближайшие мероприятия', 'Все мероприятия')]),
         layout='1C-Bitrix export centre; «Новости» /news/ next to external «Новости РЭЦ»; dated «Мероприятия», «Отборы»'),
    # 33 -----------------------------------------------------------------------------------------
    dict(key='sural_mpn', region='sural', theme='bitrix', fmt='dmy_text', tpl='mpn',
         name='Министерство промышленности и науки Среднеуральской области', short='Минпромнауки Среднеуральской области',
         host='mpn.sural-obl.ru', head_title='министр промышленности и науки',
         menu=[M('О министерстве', '/about/', kids('/about/', ABOUT)),
               M('Деятельность', '/activity/', kids('/activity/', ACTIVITY)),
               M('Пресс-центр', '/press/', [M('Новости', '/press/news/'), M('Пресс-релизы', '/press/releases/'), M('Фото', '/press/photo/'),
                                            M('Видео', '/press/video/'), M('Анонсы', '/press/anonsy/')]),
               M('Документы', '/documents/'), M('Вакансии', '/vacancies/')],
         lists=[L('news', '/press/news/', 'Новости', 'press', page2='/press/news/page-2/', alias='/press/',
                  crumbs=[('Пресс-центр', '/press/')]),
                L('releases', '/press/releases/', 'Пресс-релизы', 'acceptable', crumbs=[('Пресс-центр', '/press/')]),
                L('photo', '/press/photo/', 'Фото', 'decoy', crumbs=[('Пресс-центр', '/press/')]),
                L('video', '/press/video/', 'Видео', 'decoy', crumbs=[('Пресс-центр', '/press/')]),
                L('events', '/press/anonsy/', 'Анонсы', 'decoy', crumbs=[('Пресс-центр', '/press/')]),
                L('documents', '/documents/', 'Документы', 'decoy'), L('vacancies', '/vacancies/', 'Вакансии', 'decoy')],
         home=dict(title='Новости', all=('Все новости', '/press/', 'head')),
         layout='1C-Bitrix; «Пресс-центр» (/press/ shows the same list) → «Новости» /press/news/, «Пресс-релизы», Фото, Видео, Анонсы'),
    # 34 -----------------------------------------------------------------------------------------
    dict(key='priladog_econ', region='priladog', theme='lenobl', fmt='dashed',
         name='Комитет экономического развития и инвестиционной деятельности Приладожской области',
         short='Комитет экономического развития Приладожской области', host='econ.priladog.ru',
         head_title='председатель комитета', org_loc='пресс-службе комитета', today=True,
         menu=[M('Комитет', '/about', kids('/about/', ABOUT, False)),
               M('Деятельность', '/activity', kids('/activity/', ACTIVITY, False)),
               M('Новости', '/news'), M('Документы', '/documents'), M('Вакансии', '/vacancies'), M('Контакты', '/contacts')],
         lists=[L('news', '/news', 'Новости', 'press', page2='/news/page2', art='/news{id}.html'),
                L('events', '/news/announce', 'Анонсы', 'decoy', item_base='/news/announce/'),
                L('documents', '/documents', 'Документы', 'decoy'), L('vacancies', '/vacancies', 'Вакансии', 'decoy')],
         home=dict(tabs=[('Новости', '/news', 'Все новости'), ('Анонсы', '/news/announce', 'Все анонсы')]),
         layout='lenobl-like committee portal; «Новости» → /news, articles /news<id>.html; future-dated «Анонсы» at /news/announce'),
]


# ----------------------------------------------------------------------------------------------
# generation, writing, checking
# ----------------------------------------------------------------------------------------------
def generate():
    """Build the whole corpus in memory: ({relative file path: bytes}, [Site])."""
    corpus = Corpus()
    files, sites, expected = {}, [], {}
    keys = [sp['key'] for sp in SPECS]
    if len(set(keys)) != len(keys):
        raise RuntimeError('duplicate site keys')
    for spec in SPECS:
        s = Site(spec, corpus)
        s.build()
        sites.append(s)
        enc = s.theme.charset
        seen = {}
        for path in sorted(s.pages):
            rel = url_to_file(path)
            if rel in seen:
                raise RuntimeError('%s: %s and %s map to the same file %s' % (s.key, seen[rel], path, rel))
            seen[rel] = path
            files['sites/%s/%s' % (s.key, rel)] = s.pages[path].encode(enc, 'xmlcharrefreplace')
        # a path must not be both a file and a directory
        dirs = set()
        for rel in seen:
            parts = rel.split('/')
            for i in range(1, len(parts)):
                dirs.add('/'.join(parts[:i]))
        clash = dirs & set(seen)
        if clash:
            raise RuntimeError('%s: file/directory clash %s' % (s.key, sorted(clash)))
        acceptable = [Ls['path'] for Ls in s.lists if Ls.get('role') == 'acceptable']
        acceptable = ([s.press['alias']] if s.press.get('alias') else []) + acceptable
        expected[s.key] = {
            'press': [s.press['path']],
            'acceptable': acceptable,
            'decoys': [Ls['path'] for Ls in s.lists if Ls.get('role') not in ('press', 'acceptable')],
            'layout': spec['layout'],
            'region_tz': s.tz,
        }
    files['expected.json'] = (json.dumps(expected, ensure_ascii=False, indent=2) + '\n').encode('utf-8')
    return files, sites


def page_links(path, text):
    for m in LINK_RE.finditer(text):
        yield m.group(1), html.unescape(m.group(3))


def check(files, sites):
    errors, notes = [], []
    expected = json.loads(files['expected.json'].decode('utf-8'))
    if len(expected) < 30:
        errors.append('only %d sites' % len(expected))
    tzs = sorted({TZ_OFF[e['region_tz']] for e in expected.values()})
    notes.append('UTC offsets covered: %s' % ', '.join('+%d' % o for o in tzs))
    if tzs[0] != 2 or tzs[-1] != 12:
        errors.append('time zones do not span UTC+2..UTC+12')
    all_titles = {}
    routes = {}
    for s in sites:
        prefix = 'sites/%s/' % s.key
        sfiles = {k[len(prefix):]: v for k, v in files.items() if k.startswith(prefix)}
        enc = s.theme.charset
        texts = {}
        for rel, b in sfiles.items():
            try:
                texts[rel] = b.decode(enc)
            except UnicodeDecodeError as e:
                errors.append('%s/%s: not %s: %s' % (s.key, rel, enc, e))
        if enc == 'cp1251':
            for rel, t in texts.items():
                if 'charset=windows-1251' not in t:
                    errors.append('%s/%s: no windows-1251 meta' % (s.key, rel))
        rel2path = {url_to_file(p): p for p in s.pages}
        graph = {}
        for rel, t in texts.items():
            path = rel2path[rel]
            outs = set()
            for kind, href in page_links(path, t):
                if '?' in href:
                    errors.append('%s %s: query string in %s=%r' % (s.key, path, kind, href))
                if re.match(r'^https?://', href, re.I) or href.startswith('//'):
                    host = urlsplit(href if '://' in href else 'http:' + href).hostname or ''
                    if host == s.host or host == 'www.' + s.host:
                        errors.append('%s %s: absolute link to its own host %r' % (s.key, path, href))
                    continue
                t2 = resolve(path, href)
                if t2 is None or is_asset(t2):
                    continue
                if url_to_file(t2) not in sfiles:
                    errors.append('%s %s: broken internal link %r -> %s' % (s.key, path, href, url_to_file(t2)))
                elif kind == 'href':
                    outs.add(t2)
            for m in re.finditer(r'''\ssrc\s*=\s*(["'])(.*?)\1''', t):
                if '?' in m.group(2):
                    errors.append('%s %s: query string in src %r' % (s.key, path, m.group(2)))
            graph[path] = outs
        e = expected[s.key]
        for cat in ('press', 'acceptable', 'decoys'):
            for p in e[cat]:
                if not p.startswith('/') or '?' in p or '://' in p:
                    errors.append('%s: %s path %r is not a root-relative path' % (s.key, cat, p))
                elif url_to_file(p) not in sfiles:
                    errors.append('%s: %s path %s has no file %s' % (s.key, cat, p, url_to_file(p)))
        overlap = set(e['press'] + e['acceptable']) & set(e['decoys'])
        if overlap:
            errors.append('%s: answer and decoy overlap %s' % (s.key, overlap))
        if len(e['press']) != 1:
            errors.append('%s: press must have exactly one path' % s.key)
        if not 2 <= len(e['decoys']):
            errors.append('%s: fewer than 2 decoys' % s.key)
        # dated items, pages and articles
        P = s.press
        for chunk, name in ((P['items'], 'page 1'), (P['items2'], 'page 2')):
            if name == 'page 2' and not P.get('page2'):
                continue
            if not 8 <= len(chunk) <= 15:
                errors.append('%s: press %s has %d items' % (s.key, name, len(chunk)))
            if any(a.dt < b.dt for a, b in zip(chunk, chunk[1:])):
                errors.append('%s: press %s not newest-first' % (s.key, name))
        arts = [it for it in P['items'] if it.href and url_to_file(urlsplit(it.href).path) in sfiles]
        if len(arts) < 3:
            errors.append('%s: fewer than 3 article pages exist' % s.key)
        for Ls in s.lists:
            if Ls['kind'] in ('news', 'releases'):
                for it in Ls['items'] + Ls['items2']:
                    if it.title in all_titles:
                        errors.append('%s: headline repeated (also on %s): %s' % (s.key, all_titles[it.title], it.title))
                    all_titles[it.title] = s.key
        # reachability of the answer from the home page
        depth, prev, queue = {'/': 0}, {}, ['/']
        while queue:
            cur = queue.pop(0)
            for nxt in sorted(graph.get(cur, ())):
                if nxt not in depth:
                    depth[nxt] = depth[cur] + 1
                    prev[nxt] = cur
                    queue.append(nxt)
        target = e['press'][0]
        if target not in depth:
            errors.append('%s: press list %s not reachable from /' % (s.key, target))
        else:
            chain, cur = [target], target
            while cur in prev:
                cur = prev[cur]
                chain.append(cur)
            routes[s.key] = ' → '.join(reversed(chain))
            if depth[target] > 3:
                errors.append('%s: press list is %d clicks deep' % (s.key, depth[target]))
    total = sum(len(b) for b in files.values())
    notes.append('files: %d, total size: %.2f MB' % (len(files), total / 1024 / 1024))
    if total > SIZE_LIMIT:
        errors.append('corpus is %.1f MB (limit %.1f MB)' % (total / 1048576, SIZE_LIMIT / 1048576))
    return errors, notes, routes


def read_disk():
    out = {}
    if not os.path.isdir(SITES_DIR):
        return out
    for root, _, names in os.walk(SITES_DIR):
        for n in names:
            full = os.path.join(root, n)
            with open(full, 'rb') as f:
                out[os.path.relpath(full, HERE).replace(os.sep, '/')] = f.read()
    if os.path.exists(EXPECTED):
        with open(EXPECTED, 'rb') as f:
            out['expected.json'] = f.read()
    return out


def write(files):
    if os.path.isdir(SITES_DIR):
        shutil.rmtree(SITES_DIR)
    for rel in sorted(files):
        full = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(files[rel])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true', help='regenerate in memory (twice) and validate; write nothing')
    args = ap.parse_args(argv)
    files, sites = generate()
    if args.check:
        files2, _ = generate()
        errors, notes, routes = check(files, sites)
        if files != files2:
            diff = sorted(k for k in set(files) | set(files2) if files.get(k) != files2.get(k))
            errors.append('two runs differ in %d files, e.g. %s' % (len(diff), diff[:3]))
        else:
            notes.append('two in-memory runs are byte-identical')
        disk = read_disk()
        if disk:
            if disk == files:
                notes.append('the corpus on disk matches the generator')
            else:
                diff = sorted(k for k in set(files) | set(disk) if files.get(k) != disk.get(k))
                errors.append('corpus on disk differs from the generator in %d files, e.g. %s (re-run without --check)'
                              % (len(diff), diff[:3]))
        print('sites: %d' % len(sites))
        for n in notes:
            print(n)
        for key in sorted(routes):
            print('  %-18s %s' % (key, routes[key]))
        if errors:
            print('ERRORS (%d):' % len(errors))
            for e in errors[:200]:
                print('  ' + e)
            return 1
        print('OK')
        return 0
    write(files)
    total = sum(len(b) for b in files.values())
    print('wrote %d sites, %d files, %.2f MB into %s' % (len(sites), len(files), total / 1048576, HERE))
    return 0


if __name__ == '__main__':
    sys.exit(main())
