"""PhantomYoloeSeg: a small YOLO-seg-style network with a YOLOE-style contrastive classification head.

backbone (strides 2..32, C2f-like blocks, SPPF) -> PAN neck (P3/P4/P5 at strides 8/16/32) -> decoupled head per
level: box (centre offset + log size, YOLOX-style, instead of DFL), class embedding (D dims, BatchNorm'ed; the class
logit is exp(scale) * <embedding, normalised class embedding> + bias, as YOLOE's BNContrastiveHead), 32 mask
coefficients; prototype branch (32 prototypes at stride 4) from P3 with a P2 skip."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

NUM_PROTOS = 32


class Conv(nn.Module):
    def __init__(self, c_in, c_out, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cv1, self.cv2 = Conv(c, c, 3), Conv(c, c, 3)

    def forward(self, x):
        return x + self.cv2(self.cv1(x))


class C2f(nn.Module):
    """Split, a chain of residual bottlenecks on one half, concatenate every intermediate result."""

    def __init__(self, c_in, c_out, n=1):
        super().__init__()
        self.h = c_out // 2
        self.cv1 = Conv(c_in, 2 * self.h, 1)
        self.m = nn.ModuleList(Bottleneck(self.h) for _ in range(n))
        self.cv2 = Conv((2 + n) * self.h, c_out, 1)

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cv1 = Conv(c, c // 2, 1)
        self.cv2 = Conv(c // 2 * 4, c, 1)
        self.pool = nn.MaxPool2d(5, 1, 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.pool(x)
        y2 = self.pool(y1)
        return self.cv2(torch.cat([x, y1, y2, self.pool(y2)], 1))


def _branch(c_in, hidden, c_out):
    return nn.Sequential(Conv(c_in, hidden, 3), Conv(hidden, hidden, 3), nn.Conv2d(hidden, c_out, 1))


class PhantomYoloeSeg(nn.Module):
    strides = (8, 16, 32)

    def __init__(self, num_classes=4, embed_dim=32, widths=(16, 32, 64, 96, 128), depth=1, head_width=48,
                 proto_width=32, imgsz=256):
        super().__init__()
        w0, w1, w2, w3, w4 = widths
        self.config = dict(num_classes=num_classes, embed_dim=embed_dim, widths=list(widths), depth=depth,
                           head_width=head_width, proto_width=proto_width, imgsz=imgsz)
        self.imgsz = imgsz
        self.stem = nn.Sequential(Conv(3, w0, 3, 2), Conv(w0, w1, 3, 2), C2f(w1, w1, 1))            # P2 /4
        self.stage3 = nn.Sequential(Conv(w1, w2, 3, 2), C2f(w2, w2, depth))                          # P3 /8
        self.stage4 = nn.Sequential(Conv(w2, w3, 3, 2), C2f(w3, w3, depth))                          # P4 /16
        self.stage5 = nn.Sequential(Conv(w3, w4, 3, 2), C2f(w4, w4, depth), SPPF(w4))                # P5 /32
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.top_down4 = C2f(w4 + w3, w3, depth)
        self.top_down3 = C2f(w3 + w2, w2, depth)
        self.down3 = Conv(w2, w2, 3, 2)
        self.bottom_up4 = C2f(w2 + w3, w3, depth)
        self.down4 = Conv(w3, w3, 3, 2)
        self.bottom_up5 = C2f(w3 + w4, w4, depth)
        chans = (w2, w3, w4)
        self.box = nn.ModuleList(_branch(c, head_width, 4) for c in chans)
        self.embed = nn.ModuleList(_branch(c, head_width, embed_dim) for c in chans)
        self.embed_norm = nn.ModuleList(nn.BatchNorm2d(embed_dim) for _ in chans)
        self.coef = nn.ModuleList(_branch(c, head_width, NUM_PROTOS) for c in chans)
        self.proto_in = Conv(w2, proto_width, 3)
        self.proto_out = nn.Sequential(Conv(proto_width + w1, proto_width, 3), Conv(proto_width, proto_width, 3),
                                       nn.Conv2d(proto_width, NUM_PROTOS, 1))
        # YOLOE contrastive head: learned class embeddings, logit scale and bias.
        self.class_embeddings = nn.Parameter(torch.randn(num_classes, embed_dim) * 0.5)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(4.0)))
        self.logit_bias = nn.Parameter(torch.tensor(-6.0))
        for m in self.box:
            nn.init.zeros_(m[-1].weight)
            nn.init.zeros_(m[-1].bias)
        anchors, strides = self._anchors(imgsz)
        self.register_buffer("anchors", anchors, persistent=False)        # [2, A] centres in pixels
        self.register_buffer("anchor_strides", strides, persistent=False)  # [1, A]

    def _anchors(self, imgsz):
        pts, st = [], []
        for s in self.strides:
            n = imgsz // s
            c = (torch.arange(n, dtype=torch.float32) + 0.5) * s
            yy, xx = torch.meshgrid(c, c, indexing="ij")
            pts.append(torch.stack([xx.reshape(-1), yy.reshape(-1)]))
            st.append(torch.full((1, n * n), float(s)))
        return torch.cat(pts, 1), torch.cat(st, 1)

    def anchor_grid(self, imgsz):
        """Anchor centres [2,A] and strides [1,A] for a square input of imgsz (training on crops)."""
        if imgsz == self.imgsz:
            return self.anchors, self.anchor_strides
        return self._anchors(imgsz)

    def features(self, x):
        """Returns box_raw [B,4,A], embeddings [B,D,A], mask coefficients [B,32,A], prototypes [B,32,H/4,W/4]."""
        p2 = self.stem(x)
        p3 = self.stage3(p2)
        p4 = self.stage4(p3)
        p5 = self.stage5(p4)
        t4 = self.top_down4(torch.cat([self.up(p5), p4], 1))
        n3 = self.top_down3(torch.cat([self.up(t4), p3], 1))
        n4 = self.bottom_up4(torch.cat([self.down3(n3), t4], 1))
        n5 = self.bottom_up5(torch.cat([self.down4(n4), p5], 1))
        box, emb, coef = [], [], []
        for i, f in enumerate((n3, n4, n5)):
            box.append(self.box[i](f).flatten(2))
            emb.append(self.embed_norm[i](self.embed[i](f)).flatten(2))
            coef.append(self.coef[i](f).flatten(2))
        proto = self.proto_out(torch.cat([self.up(self.proto_in(n3)), p2], 1))
        return torch.cat(box, 2), torch.cat(emb, 2), torch.cat(coef, 2), proto

    def decode_boxes(self, box_raw):
        """box_raw [B,4,A] -> xywh in input pixels: centre = anchor + offset*stride, size = exp(log size)*stride."""
        xy = self.anchors.unsqueeze(0) + box_raw[:, :2] * self.anchor_strides
        wh = torch.exp(box_raw[:, 2:].clamp(max=6.0)) * self.anchor_strides
        return torch.cat([xy, wh], 1)

    def class_logits(self, emb, class_embeddings):
        """emb [B,D,A], class_embeddings [K,D] or [B,K,D] -> logits [B,K,A]."""
        norm = torch.sqrt((class_embeddings * class_embeddings).sum(-1, keepdim=True)).clamp(min=1e-6)
        e = class_embeddings / norm
        return torch.matmul(e, emb) * self.logit_scale.exp() + self.logit_bias  # [K,D] broadcasts over B

    def normalised_class_embeddings(self):
        e = self.class_embeddings.detach()
        return e / e.norm(dim=-1, keepdim=True).clamp(min=1e-6)

    def forward(self, x, class_embeddings=None):
        """Ultralytics segment layout: output0 [B, 4+K+32, A] (xywh, sigmoid scores, mask coefficients),
        output1 [B, 32, H/4, W/4]."""
        box_raw, emb, coef, proto = self.features(x)
        if class_embeddings is None:
            class_embeddings = self.class_embeddings
        scores = torch.sigmoid(self.class_logits(emb, class_embeddings))
        return torch.cat([self.decode_boxes(box_raw), scores, coef], 1), proto


class VocabularyExport(nn.Module):
    """Two inputs: images [B,3,H,W] and class_embeddings [B,K,D] (runtime vocabulary)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, images, class_embeddings):
        return self.model(images, class_embeddings)


def count_macs(model, imgsz):
    """Multiply-accumulates of convolutions and the class matmul for one image (hooks)."""
    total = [0]

    def hook(m, inp, out):
        k = m.kernel_size[0] * m.kernel_size[1]
        total[0] += out.numel() * (m.in_channels // m.groups) * k

    model = PhantomYoloeSeg(**model.config).to("meta").eval()  # shapes only, no arithmetic
    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        _, emb, _, _ = model.features(torch.zeros(1, 3, imgsz, imgsz, device="meta"))
    for h in hs:
        h.remove()
    return total[0] + emb.shape[1] * emb.shape[2] * model.config["num_classes"]
