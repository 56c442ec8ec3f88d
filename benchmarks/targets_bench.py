"""Benchmark: reading 10,000 distinct target texts (every kind, varied wording and numbers).

    python benchmarks/targets_bench.py [N]

Texts are built from templates of every kind of TARGETS.md with different numbers, so no two are
the same (no cache helps). Prints the time to read them all (parse_target) and to judge one value
for each (evaluate). Goal: reading 10,000 targets in under a second. Not a timed test.
"""

from __future__ import annotations

import random
import sys
import time

from xlqms.errors import TargetSyntaxError
from xlqms.targets import evaluate, parse_target

TEMPLATES = (
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên {p}%",
    "- Giảm tỷ lệ hộ nghèo xuống còn {q}%;",
    "Tỷ lệ hồ sơ trễ hạn khoảng {q}%",
    "Có {a} ÷ {b} mô hình điểm",
    "Học sinh lên lớp đạt từ {p}% ÷ {p2}%",
    "Tuyển sinh năm học 2025 – 2026 đạt trên {p}% chỉ tiêu",
    "Thu ngân sách tăng {q}% so với năm 2024",
    "Tỷ lệ bao phủ bảo hiểm y tế tăng {q}% so với năm 2024 ({p}%)",
    "Giảm tỷ lệ sinh con thứ ba {q}‰",
    "Tổng vốn đầu tư đạt {n} tỷ đồng, tăng {q}% so với năm 2024",
    "Tỷ lệ hộ nghèo giảm {q}% trở lên (còn dưới {q2}%)",
    "Tạo việc làm cho {n} lao động trở lên",
    "{a} hồ sơ trễ hạn",
    "Hoàn thành trước ngày {d}/12",
    "Đạt giải ba trở lên tại Hội thi cấp tỉnh lần thứ {a}",
    "Tăng trưởng giá trị sản xuất {a}-{b}%",
    "{a}/{b} chỉ tiêu",
    "100% xã có kế hoạch, trong đó {p}% xã triển khai",
    "Tỷ lệ người từ 60 tuổi trở lên được khám sức khỏe đạt {p}%",
    "Nghị định 61/2018/NĐ-CP: {p}% TTHC được niêm yết công khai",
)


def texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    made, seen, attempt = [], set(), 0
    while len(made) < count:
        template = TEMPLATES[attempt % len(TEMPLATES)]
        attempt += 1
        a = rng.randint(1, 400)
        values = dict(p=f"{rng.randint(50, 98)},{rng.randint(0, 9)}", p2=f"{rng.randint(98, 99)},{rng.randint(1, 9)}",
                      q=f"{rng.randint(0, 9)},{rng.randint(1, 9)}", q2=rng.randint(10, 30), a=a,
                      b=a + rng.randint(1, 400), n=f"{rng.randint(1, 9)}.{rng.randint(100, 999)}",
                      d=rng.randint(1, 28))
        text = template.format(**values)
        if text not in seen:
            seen.add(text)
            made.append(text)
    return made


def main(count: int = 10_000) -> None:
    corpus = texts(count)
    start = time.perf_counter()
    targets, refused = [], 0
    for text in corpus:
        try:
            targets.append(parse_target(text))
        except TargetSyntaxError:
            refused += 1
    read = time.perf_counter() - start
    start = time.perf_counter()
    for target in targets:
        evaluate(target, "95,5", baseline="90")
    judged = time.perf_counter() - start
    print(f"read {len(corpus):,} distinct target texts in {read:.3f} s "
          f"({read / len(corpus) * 1e6:.0f} µs each; {refused:,} refused as written, with their fix)")
    print(f"judged one value for each of {len(targets):,} targets in {judged:.3f} s")
    print("goal: under 1 s for 10,000 texts —", "met" if read < 1 and count >= 10_000 else "see above")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
