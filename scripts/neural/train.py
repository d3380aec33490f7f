"""
Replaced-token detector for issue 9 item 5: a 2-layer transformer over the
statistical model's word sequence that tells, for every word, whether a
spinner put it there. Trained on CPU with one thread (the project machine is
shared): data from scripts/neural/prepare.ts, export to ONNX for
onnxruntime-node.

    nice -n 15 /usr/bin/python3 scripts/neural/train.py /tmp/neural/data /tmp/neural/run --minutes 25

Needs PyTorch (Debian: apt-get install python3-torch; 1.13 was used) and numpy.
"""
import argparse, json, math, os, time

# One thread everywhere (the machine is shared); Debian's torch calls the system BLAS (install libopenblas0-pthread: 13x the reference BLAS).
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(7)
np.random.seed(7)

LENGTH = 64  # positions per sequence; the scorer reads windows of this size in Node


class Block(nn.Module):
    """Pre-norm transformer block, attention written out (exports to plain ONNX ops)."""

    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, pad_bias):
        b, n, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.reshape(b, n, h, d // h).transpose(1, 2)
        k = k.reshape(b, n, h, d // h).transpose(1, 2)
        v = v.reshape(b, n, h, d // h).transpose(1, 2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h)) + pad_bias
        att = self.drop(torch.softmax(att, dim=-1))
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, n, d)
        x = x + self.drop(self.out(y))
        x = x + self.drop(self.ff2(F.gelu(self.ff1(self.norm2(x)))))
        return x


class Detector(nn.Module):
    def __init__(self, vocab, emb=64, d=128, layers=2, heads=4, ff=512, dropout=0.1):
        super().__init__()
        # Factorised embedding (ALBERT): 24k words x 64, then 64 -> d, keeps the file small.
        self.embed = nn.Embedding(vocab, emb, padding_idx=0)
        self.project = nn.Linear(emb, d)
        self.position = nn.Parameter(torch.zeros(LENGTH, d))
        nn.init.normal_(self.position, std=0.02)
        self.blocks = nn.ModuleList([Block(d, heads, ff, dropout) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, 1)

    def forward(self, ids):
        ids = ids.long()
        n = ids.shape[1]
        pad_bias = (ids == 0).float().unsqueeze(1).unsqueeze(1) * -1e4
        x = self.project(self.embed(ids)) + self.position[:n]
        for block in self.blocks:
            x = block(x, pad_bias)
        return self.head(self.norm(x)).squeeze(-1)  # logit of "a spinner's word"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('out')
    ap.add_argument('--minutes', type=float, default=25)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--layers', type=int, default=4)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    meta = json.load(open(os.path.join(args.data, 'meta.json')))
    ids = np.fromfile(os.path.join(args.data, 'ids.u16'), dtype=np.uint16)
    labels = np.fromfile(os.path.join(args.data, 'labels.u8'), dtype=np.uint8)
    usable = (len(ids) // LENGTH) * LENGTH
    ids = ids[:usable].reshape(-1, LENGTH).astype(np.int64)
    labels = labels[:usable].reshape(-1, LENGTH)
    sequences = len(ids)
    valid = max(1, sequences // 50)  # the last 2% (documents were shuffled by prepare.ts)
    train_ids, train_labels = ids[:-valid], labels[:-valid]
    valid_ids, valid_labels = ids[-valid:], labels[-valid:]
    print(f'{sequences} sequences of {LENGTH}, {valid} for validation, vocabulary {meta["vocabulary"]}', flush=True)

    model = Detector(meta['vocabulary'], layers=args.layers)
    params = sum(p.numel() for p in model.parameters())
    print(f'{params} parameters', flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    budget = args.minutes * 60
    started = time.time()

    def loss_of(batch_ids, batch_labels):
        x = torch.from_numpy(batch_ids)
        y = torch.from_numpy(batch_labels.astype(np.int64))
        mask = (y != 255).float()
        logits = model(x)
        loss = F.binary_cross_entropy_with_logits(logits, (y == 1).float(), weight=mask, reduction='sum') / mask.sum().clamp(min=1)
        return loss, logits, y

    def evaluate(limit=2000):
        model.eval()
        scores, truth = [], []
        total = 0.0
        batches = 0
        with torch.no_grad():
            for s in range(0, min(valid, limit), 256):
                loss, logits, y = loss_of(valid_ids[s:s + 256], valid_labels[s:s + 256])
                total += loss.item()
                batches += 1
                m = y != 255
                scores.append(logits[m].numpy())
                truth.append((y[m] == 1).numpy())
        model.train()
        s = np.concatenate(scores)
        t = np.concatenate(truth)
        order = np.argsort(-s)
        ranks = np.empty(len(s))
        ranks[np.argsort(s)] = np.arange(1, len(s) + 1)
        pos = t.sum()
        auc = (ranks[t].sum() - pos * (pos + 1) / 2) / (pos * (len(s) - pos))
        return total / batches, auc

    step = 0
    log = []
    warmup = 300
    while True:
        elapsed = time.time() - started
        if elapsed > budget:
            break
        # Linear warm-up, then cosine decay over the time budget.
        frac = min(1.0, elapsed / budget)
        lr = args.lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g['lr'] = lr
        pick = np.random.randint(0, len(train_ids), args.batch)
        loss, _, _ = loss_of(train_ids[pick], train_labels[pick])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 500 == 0:
            vloss, auc = evaluate()
            entry = {'step': step, 'seconds': round(time.time() - started), 'train_loss': round(loss.item(), 4), 'valid_loss': round(vloss, 4), 'valid_auroc': round(float(auc), 4), 'lr': lr}
            log.append(entry)
            print(json.dumps(entry), flush=True)
            torch.save(model.state_dict(), os.path.join(args.out, 'detector.pt'))
    vloss, auc = evaluate(valid)
    summary = {'layers': args.layers, 'steps': step, 'sequences_seen': step * args.batch, 'positions_seen': step * args.batch * LENGTH, 'seconds': round(time.time() - started), 'valid_loss': round(vloss, 4), 'valid_auroc': round(float(auc), 4), 'parameters': params, 'log': log}
    print(json.dumps({k: v for k, v in summary.items() if k != 'log'}), flush=True)
    json.dump(summary, open(os.path.join(args.out, 'training.json'), 'w'), indent=1)
    torch.save(model.state_dict(), os.path.join(args.out, 'detector.pt'))
    export(model, os.path.join(args.out, 'detector.onnx'))


def export(model, path):
    model.eval()
    example = torch.ones(2, LENGTH, dtype=torch.int32)
    torch.onnx.export(model, (example,), path, input_names=['ids'], output_names=['logits'],
                      dynamic_axes={'ids': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=14, do_constant_folding=True)
    print('exported', path, os.path.getsize(path), flush=True)


if __name__ == '__main__':
    main()
