"""3D linking of per-slice instances into findings by union-find, shared by the plain evaluation linker
(postprocess.link_3d) and the node's mirror (node_postprocess.link): only the test of whether two instances
belong together differs."""


def link_instances(per_slice, linked, same_slice=False):
    """per_slice: list over slices (in slice-location order) of lists of instances, each a dict with "class",
    "score" and a boolean "mask". Instances a, b of adjacent slices (and of one slice when same_slice) are joined
    when linked(a, b) holds. Returns one finding per group: {class, score (max), slices: {k: union of masks}}."""
    nodes = [(k, j) for k, dets in enumerate(per_slice) for j in range(len(dets))]
    index = {node: i for i, node in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(ka, ja, kb, jb):
        if linked(per_slice[ka][ja], per_slice[kb][jb]):
            ra, rb = find(index[(ka, ja)]), find(index[(kb, jb)])
            if ra != rb:
                parent[rb] = ra

    for k, here in enumerate(per_slice):
        if same_slice:
            for i in range(len(here)):
                for j in range(i + 1, len(here)):
                    join(k, i, k, j)
        if k + 1 < len(per_slice):
            for i in range(len(here)):
                for j in range(len(per_slice[k + 1])):
                    join(k, i, k + 1, j)
    groups = {}
    for node, i in index.items():
        groups.setdefault(find(i), []).append(node)
    findings = []
    for members in groups.values():
        slices, score, cls = {}, 0.0, None
        for k, j in members:
            d = per_slice[k][j]
            slices[k] = slices[k] | d["mask"] if k in slices else d["mask"].copy()
            score, cls = max(score, d["score"]), d["class"]
        findings.append({"class": cls, "score": score, "slices": slices})
    return findings
