"""Fine-tuning the embedding for the youth classifier, explored on a writer brief left out.

    python bench/themes_finetune_youth.py --base --tag base          # the shipped way
    python bench/themes_finetune_youth.py --tag e3 --epochs 3 --lr 5e-5

Explored 2026-12-07 for issue 21 and not shipped (bench/theme_decisions.md): a copy of the
packaged MiniLM has all its layers fine-tuned (cross-entropy through a linear head, the
classifier's sample weights) on the youth classifier's training texts with the youth sets of
one writer brief left out (``--hold 23 35``: sets 23-34, the young people's own words), then
the shipped classifier (TF-IDF + embedding, logistic regression) is fitted on the same texts
with the fine-tuned embeddings and reads the held-out sets under their headings. Never reads
previous_review or youth_recommendations, nor the clean youth pool (sets 35 on). Slow: about
5 min per epoch on 2 cores; models and caches go to /tmp/ft.
"""

import argparse
import copy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import themes_genre as tg  # noqa: E402
import torch  # noqa: E402

from schemalab import themes  # noqa: E402
from schemalab import themes_classifier as tc  # noqa: E402

OUT = Path("/tmp/ft")


def finetune(ex, out_dir, epochs=1, lr=2e-5, head_lr=1e-3, bs=32, maxlen=128, seed=0, layers=None):
    torch.manual_seed(seed)
    np.random.seed(seed)
    base = themes.load_model(None)
    m = copy.deepcopy(base)
    m.max_seq_length = maxlen
    rows, w = tc.weighted_examples(ex)
    texts = ex["text"].tolist()
    prepared = [tc.prepare(texts[j]) for j in rows["source"]]
    codes = themes.theme_codes()
    y = torch.tensor([codes.index(c) for c in rows["theme_code"]])
    w = torch.tensor(w / w.mean(), dtype=torch.float32)
    tr = m[0].auto_model
    for n, p in tr.named_parameters():
        p.requires_grad = True
        if layers is not None:
            p.requires_grad = any(f"layer.{k}." in n for k in layers)
    head = torch.nn.Linear(384, 14)
    opt = torch.optim.AdamW(
        [
            {"params": [p for p in tr.parameters() if p.requires_grad], "lr": lr},
            {"params": head.parameters(), "lr": head_lr},
        ],
        weight_decay=0.01,
    )
    tok = m[0].tokenizer
    n = len(prepared)
    steps = epochs * ((n + bs - 1) // bs)
    step = 0
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    tr.train()
    t0 = time.time()
    g = torch.Generator().manual_seed(seed)
    for ep in range(epochs):
        perm = torch.randperm(n, generator=g)
        tot = 0.0
        for i in range(0, n, bs):
            idx = perm[i : i + bs]
            enc = tok([prepared[k] for k in idx], padding=True, truncation=True, max_length=maxlen, return_tensors="pt")
            out = tr(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            emb = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            emb = torch.nn.functional.normalize(emb, dim=-1)
            logits = head(emb * 10)
            loss = (torch.nn.functional.cross_entropy(logits, y[idx], reduction="none") * w[idx]).sum() / w[idx].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            tot += float(loss.detach()) * len(idx)
        print(f"epoch {ep} loss {tot / n:.3f} {time.time() - t0:.0f}s", flush=True)
    tr.eval()
    m.save(str(out_dir))
    return str(out_dir)


def measure(sets, clf, model, cache):
    res = []
    for nset in sets:
        lab = pd.read_csv(tg.youth_set(nset), dtype=str, keep_default_na=False)
        p = tc.theme_probabilities(lab["text"].tolist(), model, cache, headings=lab["heading"].tolist(), classifier=clf)
        pred = tc.rank_themes(p)
        (ma, sa), (mb, sb) = tg._right(pred, lab, "a"), tg._right(pred, lab, "b")
        res.append(dict(set=nset, n=len(lab), main=(ma + mb) / 2, sec=(sa + sb) / 2))
    return pd.DataFrame(res)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--hold", type=int, nargs=2, default=[23, 35])
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--tag", default="a")
    ap.add_argument("--base", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(2)
    held = list(range(*a.hold))
    ex = tg.g_examples(34, leave_out=set(held))
    OUT.mkdir(exist_ok=True)
    cache = OUT / f"cache_{a.tag}"
    cache.mkdir(exist_ok=True)
    if a.base:
        model = None
    else:
        d = OUT / f"model_{a.tag}"
        if not d.exists():
            finetune(ex, d, epochs=a.epochs, lr=a.lr)
        model = str(d)
    t0 = time.time()
    clf = tc.fit_classifier(ex, model, cache)
    print("fit", time.time() - t0, flush=True)
    r = measure(held, clf, model, cache)
    print(r.to_string(index=False))
    print("TOTAL main", r["main"].sum(), "sec", r["sec"].sum(), "of", r["n"].sum())
