"""Work spread over worker processes: in order, the context given once, items taken as needed."""

from __future__ import annotations

from xlqms.workers import run_chunks, run_stream


def scaled(context, item):
    return context["factor"] * item


def test_run_chunks_keeps_the_order_in_workers():
    assert list(run_chunks(scaled, {"factor": 3}, list(range(50)), 2, 7)) == [3 * i for i in range(50)]


def test_run_stream_keeps_the_order_and_takes_items_only_as_needed():
    pulled = []

    def items():
        for item in range(500):
            pulled.append(item)
            yield item

    stream = run_stream(scaled, {"factor": 2}, items(), workers=2, chunk_size=10, ahead=2)
    first = next(stream)
    assert first == 0
    assert len(pulled) <= 2 * 2 * 10 + 10          # a few chunks in flight, never the whole list
    assert [first, *stream] == [2 * i for i in range(500)]
    assert len(pulled) == 500


def test_run_stream_in_this_process_reports_progress():
    done = []
    assert list(run_stream(scaled, {"factor": 1}, iter(range(5)), 1, 2, progress=done.append)) == list(range(5))
    assert done == [1, 2, 3, 4, 5]
