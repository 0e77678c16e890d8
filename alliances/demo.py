"""Demo enterprises for seed_demo: firms named in the park's story, with valid credit codes."""

from stdnum.cn import uscc

from .models import Enterprise

# 370684 is the administrative code of Penglai; 91 marks a company.
_PREFIX = "91370684"

DEMO_ENTERPRISES = [
    ("蓬坞合金有限公司", 1),
    ("大金海洋重工有限公司", 2),
    ("诺康药业有限公司", 3),
    ("巨涛重工有限公司", 4),
]


def demo_credit_code(serial: int) -> str:
    body = f"{_PREFIX}{serial:09d}"
    return body + uscc.calc_check_digit(body)


def seed_enterprises() -> list[Enterprise]:
    enterprises = []
    for name, serial in DEMO_ENTERPRISES:
        enterprise, _ = Enterprise.objects.get_or_create(
            credit_code=demo_credit_code(serial), defaults={"name": name}
        )
        enterprises.append(enterprise)
    return enterprises
