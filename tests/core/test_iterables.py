from core.iterables import chunked


def test_chunks_keep_order_and_the_last_one_is_shorter():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_nothing_gives_no_chunk_and_items_are_read_one_chunk_ahead_only():
    assert list(chunked([], 3)) == []
    read = []

    def items():
        for i in range(10):
            read.append(i)
            yield i

    chunks = chunked(items(), 4)
    assert next(chunks) == [0, 1, 2, 3]
    assert read == [0, 1, 2, 3]
