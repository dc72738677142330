"""Fine-tuning the embedding model on the labelled texts, measured leave-one-département-out.

    python bench/themes_finetune.py [--epochs 3] [--top 2] [--lr 1e-4]

Tried for issue 21 and not shipped (see docs/themes_history.md): for each département in
turn, a copy of the packaged MiniLM has its top ``--top`` transformer layers fine-tuned
(cross-entropy through a linear head, the classifier's kind and class weights) on the
labelled texts of the four other plans and the taxonomy texts, then the shipped classifier
(TF-IDF + embedding, logistic regression) is fitted on the same texts with the fine-tuned
embeddings and measured on the held-out plan (sheets, titles, steps, objectives,
indicators). ``--epochs 0`` reproduces bench/themes_eval.py's LODO figures.

Each fold starts from a fresh copy of the model: ``themes.load_model`` memoises the model,
so fine-tuning it in place would carry one fold's training (the next held-out plan's labels)
into the next fold; a first version of this script did, and read a gain that was leakage.
Slow (about 2 min per fold and epoch on 2 cores). Never reads previous_review or
youth_recommendations.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import themes_eval as te  # noqa: E402

from schemalab import themes  # noqa: E402
from schemalab import themes_classifier as tc  # noqa: E402
from schemalab.build import build  # noqa: E402


def _pool(bert, batch):
    import torch

    h = bert(**batch).last_hidden_state
    msk = batch["attention_mask"].unsqueeze(-1).float()
    return torch.nn.functional.normalize((h * msk).sum(1) / msk.sum(1), dim=-1)


def embed_with(st, prepared: list[str], bs: int = 32) -> np.ndarray:
    import torch

    bert = st[0].auto_model
    bert.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(prepared), bs):
            b = st.tokenizer(prepared[i : i + bs], padding=True, truncation=True, max_length=256, return_tensors="pt")
            out.append(_pool(bert, b).numpy())
    return np.concatenate(out).astype(np.float64) if out else np.zeros((0, 384))


def finetune(train_ex, epochs: int, top: int, lr: float, seed: int = 0):
    import torch

    torch.manual_seed(seed)
    st = copy.deepcopy(themes.load_model(None))  # never the memoised model itself (see the module doc)
    bert, tok, codes = st[0].auto_model, st.tokenizer, themes.theme_codes()
    rows, w = tc.weighted_examples(train_ex)
    texts = train_ex["text"].tolist()
    x = [tc.prepare(texts[j]) for j in rows["source"]]
    y = torch.tensor([codes.index(c) for c in rows["theme_code"]])
    w = torch.tensor(w, dtype=torch.float32)
    layers = [f"encoder.layer.{5 - k}." for k in range(top)]
    for name, p in bert.named_parameters():
        p.requires_grad = any(layer in name for layer in layers)
    head = torch.nn.Linear(bert.config.hidden_size, len(codes))
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in bert.parameters() if p.requires_grad], "lr": lr},
            {"params": head.parameters(), "lr": 1e-2},
        ],
        weight_decay=0.01,
    )
    g = np.random.default_rng(seed)
    for _ in range(epochs):
        bert.train()
        order = g.permutation(len(x))
        for i in range(0, len(x), 16):
            ids = order[i : i + 16]
            b = tok([x[j] for j in ids], padding=True, truncation=True, max_length=96, return_tensors="pt")
            logits = head(_pool(bert, b)) * 20
            loss = (torch.nn.functional.cross_entropy(logits, y[ids], reduction="none") * w[ids]).sum() / w[ids].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return st


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--top", type=int, default=2, help="transformer layers fine-tuned, from the top (MiniLM has 6)")
    ap.add_argument("--lr", type=float, default=1e-4)
    args = ap.parse_args()
    import torch

    torch.set_num_threads(2)
    lab = te.load_labels()
    ex = tc.training_examples()
    kinds = ("title", "step", "objective", "indicator")
    hits = {k: ([], []) for k in ("sheet", *kinds)}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "processed"
        build(te.RAW, data, log=lambda *_: None)
        texts = themes.action_texts(data)
        m, _ = te.match_labels(texts, lab)
        idx, y, dep = m["index"].to_numpy(), m["theme_code"].to_numpy(), m["department_code"].to_numpy()
        for d in sorted(set(dep)):
            train = ex[ex["department_code"] != d]
            st = finetune(train, args.epochs, args.top, args.lr)
            cache: dict[str, np.ndarray] = {}

            def emb(prepared, *_a, _st=st, _cache=cache, **_k):
                new = [p for p in dict.fromkeys(prepared) if p not in _cache]
                _cache.update(zip(new, embed_with(_st, new), strict=True))
                return np.array([_cache[p] for p in prepared])

            shipped_embed, tc._embed = tc._embed, emb
            try:
                clf = tc.fit_classifier(train)
                rows = idx[dep == d]
                p = tc.sheet_probabilities(
                    [texts["title"][i] for i in rows], [texts["text"][i] for i in rows], classifier=clf
                )
                a, b = te._hits(p, y[dep == d])
                hits["sheet"][0].extend(a), hits["sheet"][1].extend(b)
                held = ex[ex["department_code"] == d]
                for kind in kinds:
                    h = held[held["kind"] == kind]
                    if h.empty:
                        continue
                    prep = [tc.prepare(t) for t in h["text"]]
                    pp = clf.predict_proba(prep, emb(prep))
                    a, b = te._hits(pp, h["theme_code"].to_numpy())
                    if kind != "title":
                        pred = tc.rank_themes(pp)["theme_code"]
                        b = b | np.array(
                            [t in s.split(",") for t, s in zip(pred, h["secondary_theme_codes"], strict=True)]
                        )
                    hits[kind][0].extend(a), hits[kind][1].extend(b)
            finally:
                tc._embed = shipped_embed
            print(f"held out {d}: {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"fine-tuned top {args.top} layers, {args.epochs} epochs, lr {args.lr}; LODO main / main-or-secondary:")
    for k, (a, b) in hits.items():
        print(f"  {k + 's':12} {np.mean(a):.3f} {np.mean(b):.3f} (n={len(a)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
