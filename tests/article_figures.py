"""The article's park, from data: after ``seed_demo`` every headline figure of the source story
is computed through the selectors the dashboard and the home page read (the dashboard's
chart data, the apps' figure selectors), and checked against the story's figure. Nothing is
typed in here but the story's own numbers.

Run within tests/alliances/test_demo_figures.py, which seeds the demo park once for both."""

from decimal import Decimal

WAN, YI = Decimal(10_000), Decimal(100_000_000)


def _sum(chart, series=0):
    return sum(value or 0 for value in chart.series[series].values)


def assert_the_story_figures_come_out_of_the_dashboard_selectors():
    from alliances import charts as alliance_charts
    from alliances.models import Alliance, Enterprise
    from alliances.selectors import chain_highlights, investment_event_counts, park_highlights
    from services.center.selectors import floors_with_venues
    from services.finance import charts as finance_charts
    from services.finance import figures as finance
    from services.loop import charts as loop_charts
    from services.loop.figures import month_total
    from services.market.selectors import catalog_totals
    from services.teams.selectors import totals as team_totals
    from talent.selectors import innovation_figures, lecture_figures, talent_figures

    honours = alliance_charts.honours()
    by_kind = {str(series.name): sum(series.values) for series in honours.series}
    highlights = park_highlights()
    offshore = next(row for row in chain_highlights() if row["chain"].code == "offshore")
    states = dict(zip(loop_charts.requests_by_state().labels,
                      loop_charts.requests_by_state().series[0].values, strict=True))  # fmt: skip
    teams, market = team_totals(), catalog_totals()
    finance_totals = finance.totals()
    lectures, innovation, talents = lecture_figures(), innovation_figures(), talent_figures()
    investment = investment_event_counts()
    floors = list(floors_with_venues())
    resolved = month_total(None, None).resolved

    story = [
        # (figure, the story's value, computed, how they must compare)
        ("alliances", 4, Alliance.objects.count(), "=="),
        ("chain firms", 172, Enterprise.objects.exclude(chains=None).distinct().count(), "=="),
        ("service teams", 4, teams["teams"], "=="),
        ("cadres", 37, teams["cadres"], "=="),
        ("help-with-paperwork cases", 234, teams["paperwork"], "=="),
        ("market providers", 8, market["providers"], "=="),
        ("market categories", 4, market["categories"], "=="),
        ("market services", 21, market["services"], "=="),
        ("partner banks", 12, finance_totals["banks"], "=="),
        ("matchmaking meetings", 34, finance_totals["meetings_held"], "=="),
        ("enterprises financed", 91, finance_totals["enterprises"], "=="),
        ("financing (万元), dashboard by bank", Decimal(26_000),
         Decimal(str(_sum(finance_charts.by_bank()))), "=="),
        ("requests resolved", 76, resolved, ">="),
        ("requests resolved, dashboard by state", 76,
         states.get("已关闭", 0) + states.get("已办结（待评价）", 0), ">="),
        ("R&D platforms", 26, innovation["platforms"], "=="),
        ("leading talents", 29, talents["leading"], "=="),
        ("shortage talents", 860, talents["shortage"], "=="),
        ("universities and institutes", 12, innovation["universities"], "=="),
        ("technical problems solved", 39, innovation["solved"], "=="),
        ("lecture sessions held", 41, lectures["sessions_held"], "=="),
        ("lecture attendances", 1300, lectures["attendances"], ">="),
        ("red craftsmen, dashboard", 41, by_kind["红领工匠"], "=="),
        ("model posts, dashboard", 161, by_kind["党员示范岗"], "=="),
        ("red-heart workshops, dashboard", 19, by_kind["红心车间"], "=="),
        ("honours' benefit (万元), dashboard", 3000, _sum(alliance_charts.benefit()), ">"),
        ("floors", 4, len(floors), "=="),
        ("venues", 34, sum(floor.venue_count for floor in floors), "=="),
        ("unicorn, gazelle and 专精特新 firms", 57, highlights["growth_firms"], "=="),
        ("offshore-wind projects landed", 7, offshore["landed"], "=="),
        ("wind chain's annual output (亿元)", 100, offshore["output"] / YI, ">"),
        ("investment conferences", 12, investment["conferences"], "=="),
        ("online negotiations", 30, investment["negotiations"], ">="),
    ]  # fmt: skip
    compare = {"==": lambda a, b: a == b, ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}
    wrong = [f"{name}: story {op} {value}, data {found}"
             for name, value, found, op in story if not compare[op](found, value)]  # fmt: skip
    assert not wrong, "\n".join(wrong)
    # The home page reads the same figures (its blocks, cached a minute, are counted anew).
    assert highlights["honours"].craftsmen == by_kind["红领工匠"]
