"""Short and long forms of one agency's name pair up (templates/agency_aliases.toml)."""

from gxtui.compare.pairing import normalize_agency


def test_short_forms_are_expanded():
    full = "河北省人力资源和社会保障厅"
    assert normalize_agency("河北省人社厅") == full
    assert normalize_agency("河北省人力资源社会保障厅") == full
    assert normalize_agency(full) == full
    assert normalize_agency("示例县政府办公室") == normalize_agency("示例县人民政府办公室")


def test_other_names_are_left_alone():
    assert normalize_agency("吕梁市教育局") == "吕梁市教育局"
    assert normalize_agency("河北省人社厅") != normalize_agency("河北省人社局")


def test_grouping_equals_the_pairwise_rule():
    """group_identities (by key and file-stem buckets) makes the same groups as applying
    same_agency to every pair, transitively."""
    import random  # noqa: PLC0415

    from gxtui.compare.pairing import Identity, group_identities, same_agency  # noqa: PLC0415

    for seed, unnamed in ((1, 0.02), (2, 0.08)):
        rnd = random.Random(seed)
        ids = []
        for i in range(300):
            named, stem = rnd.random() >= unnamed, f"s{rnd.randrange(150)}"
            key = f"a{rnd.randrange(90)}" if named else f"file:{stem}"
            ids.append(Identity(f"/x/{stem}_{2000 + i % 20}.txt", "n" if named else None, key, 2000 + i % 20,
                                "report" if named else "file", "report"))
        parent = list(range(len(ids)))

        def find(i: int) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                if same_agency(ids[i], ids[j])[0]:
                    parent[find(i)] = find(j)
        ref: dict[int, list[int]] = {}
        for i in range(len(ids)):
            ref.setdefault(find(i), []).append(i)
        assert sorted(map(sorted, ref.values())) == sorted(map(sorted, group_identities(ids)))
        assert len(ref) > 50
