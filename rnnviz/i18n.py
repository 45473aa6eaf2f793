"""Every user-facing string, in English and Korean, side by side so a missing translation shows at a glance.

Values are `str.format` templates with named fields; both languages of a key take the same fields (a test checks
it). Code identifiers (`nn.LSTM`, `h_n`, `batch_first`) stay as they are in both languages: they are what the
student types.
"""

from __future__ import annotations

import string

LANGUAGES = ("en", "ko")

STRINGS: dict[str, dict[str, str]] = {
    # ---- navigation -----------------------------------------------------------------------------------------
    "page.home": {"en": "Home", "ko": "홈"},
    "page.layer_builder": {"en": "Layer builder", "ko": "레이어 만들기"},
    "page.layer_builder.summary": {
        "en": "Build `nn.RNN`, `nn.LSTM` or `nn.GRU` from its constructor arguments; see the code, the shapes "
              "it returns and where every parameter comes from.",
        "ko": "생성자 인자로 `nn.RNN`, `nn.LSTM`, `nn.GRU`를 만들고, 코드와 반환되는 텐서 모양, "
              "파라미터 하나하나의 출처를 확인합니다.",
    },
    "page.hidden_states": {"en": "Hidden states step by step", "ko": "은닉 상태 한 단계씩"},
    "page.hidden_states.summary": {
        "en": "Watch h_t (and the LSTM/GRU gates) change at every time step, as heatmaps computed from the "
              "layer's own weights.",
        "ko": "시간 단계마다 h_t(그리고 LSTM/GRU 게이트)가 어떻게 바뀌는지 레이어의 실제 가중치로 계산한 "
              "히트맵으로 봅니다.",
    },
    "page.shapes": {"en": "Shape diagrams", "ko": "모양 다이어그램"},
    "page.shapes.summary": {
        "en": "How bidirectional (D) and num_layers shape `output`, `h_n` and `c_n`, and which row of `h_n` is "
              "which layer and direction.",
        "ko": "양방향(D)과 num_layers가 `output`, `h_n`, `c_n`의 모양을 어떻게 정하는지, `h_n`의 어느 행이 "
              "어느 층과 방향인지 그림으로 봅니다.",
    },
    "page.gradients": {"en": "Vanishing gradients", "ko": "기울기 소실"},
    "page.gradients.summary": {
        "en": "Why a plain RNN forgets the start of a long sequence: gradients measured against sequence length, "
              "with the theory beside them.",
        "ko": "기본 RNN이 긴 시퀀스의 앞부분을 잊는 이유: 시퀀스 길이에 따른 기울기를 측정하고 이론과 "
              "나란히 비교합니다.",
    },
    "page.stock": {"en": "LSTM stock predictor", "ko": "LSTM 주가 예측"},
    "page.stock.summary": {
        "en": "Train a small LSTM on real daily prices and judge it honestly against “tomorrow = today”.",
        "ko": "실제 일별 주가로 작은 LSTM을 학습하고 “내일 = 오늘” 기준과 정직하게 비교합니다.",
    },
    "coming.badge": {"en": "(Coming)", "ko": "(준비 중)"},
    "coming.notice": {
        "en": "Coming: this page is not built yet. The other pages work now.",
        "ko": "준비 중: 이 페이지는 아직 만들어지지 않았습니다. 다른 페이지는 지금 사용할 수 있습니다.",
    },
    # ---- home ---------------------------------------------------------------------------------------------
    "home.title": {"en": "rnnviz: see inside RNN, LSTM and GRU", "ko": "rnnviz: RNN, LSTM, GRU의 속을 들여다보기"},
    "home.intro": {
        "en": "Every number on these pages is computed by PyTorch itself, from a real `torch.nn` layer that you "
              "configure in the sidebar. Settings are kept in the page address: copy the link to share exactly "
              "what you see. Everything works offline.",
        "ko": "이 페이지의 모든 숫자는 사이드바에서 설정한 실제 `torch.nn` 레이어로 PyTorch가 직접 계산한 "
              "값입니다. 설정은 페이지 주소에 저장되므로 링크를 복사하면 지금 보는 화면을 그대로 공유할 수 "
              "있습니다. 인터넷 연결 없이도 모두 동작합니다.",
    },
    # ---- sidebar controls ---------------------------------------------------------------------------------
    "controls.preset": {"en": "Lecture examples", "ko": "강의 예제"},
    "controls.preset_placeholder": {"en": "Load an example…", "ko": "예제 불러오기…"},
    "controls.preset_help": {
        "en": "Sets every control below to a classic example from the lecture notes. You can edit it afterwards.",
        "ko": "아래의 모든 설정을 강의 노트의 대표 예제로 바꿉니다. 불러온 뒤 자유롭게 수정할 수 있습니다.",
    },
    "controls.layer_header": {"en": "Layer", "ko": "레이어"},
    "controls.cell_help": {
        "en": "RNN: one tanh/relu update. LSTM: a cell state with input, forget and output gates. GRU: reset and "
              "update gates, no separate cell state.",
        "ko": "RNN: tanh/relu 한 번의 갱신. LSTM: 입력·망각·출력 게이트와 셀 상태. GRU: 리셋·업데이트 "
              "게이트, 별도의 셀 상태 없음.",
    },
    "controls.input_size_help": {
        "en": "Features per time step: the last dimension of x (e.g. 28 pixels per MNIST row).",
        "ko": "시간 단계마다 들어오는 특성의 수: x의 마지막 차원 (예: MNIST 한 행의 픽셀 28개).",
    },
    "controls.hidden_size_help": {
        "en": "Units in the hidden state h_t of each layer and direction.",
        "ko": "각 층, 각 방향의 은닉 상태 h_t에 있는 유닛 수.",
    },
    "controls.num_layers_help": {
        "en": "Stacked layers: layer k reads the output sequence of layer k-1.",
        "ko": "쌓은 층의 수: k번째 층은 k-1번째 층의 출력 시퀀스를 입력으로 받습니다.",
    },
    "controls.nonlinearity_help": {
        "en": "The RNN's activation: h_t = act(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh). RNN only.",
        "ko": "RNN의 활성화 함수: h_t = act(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh). RNN에만 해당합니다.",
    },
    "controls.bias_help": {
        "en": "Off: the layer has no bias_ih / bias_hh tensors.",
        "ko": "끄면 bias_ih / bias_hh 텐서가 없습니다.",
    },
    "controls.batch_first_help": {
        "en": "On: input and output are (batch, seq_len, feature). Off (torch's default): (seq_len, batch, "
              "feature). h_n and c_n are never batch-first.",
        "ko": "켜면 입력과 출력이 (batch, seq_len, feature)입니다. 끄면(torch 기본값) (seq_len, batch, "
              "feature)입니다. h_n과 c_n은 이 설정과 무관합니다.",
    },
    "controls.bidirectional_help": {
        "en": "On: a second pass reads the sequence backwards (D = 2). Output concatenates both directions.",
        "ko": "켜면 시퀀스를 거꾸로 읽는 두 번째 방향이 추가됩니다(D = 2). 출력은 두 방향을 이어 붙입니다.",
    },
    "controls.dropout_help": {
        "en": "Dropout on the outputs of every layer except the last, during training only.",
        "ko": "마지막 층을 제외한 각 층의 출력에 적용되는 드롭아웃 (학습할 때만).",
    },
    "controls.dropout_disabled_help": {
        "en": "Dropout acts between stacked layers, so it needs num_layers > 1 (torch warns and ignores it "
              "otherwise). Your value is kept.",
        "ko": "드롭아웃은 쌓은 층 사이에 적용되므로 num_layers > 1이어야 합니다 (그렇지 않으면 torch가 경고하고 "
              "무시합니다). 입력한 값은 유지됩니다.",
    },
    "controls.proj_size_help": {
        "en": "LSTM only. If > 0, h_t is projected down to proj_size units by weight_hr (c_t keeps hidden_size). "
              "Must be smaller than hidden_size; 0 means no projection.",
        "ko": "LSTM 전용. 0보다 크면 h_t가 weight_hr로 proj_size 차원으로 투영됩니다 (c_t는 hidden_size 유지). "
              "hidden_size보다 작아야 하며, 0은 투영 없음입니다.",
    },
    "controls.input_header": {"en": "Example input", "ko": "예제 입력"},
    "controls.seq_len_help": {"en": "Time steps in the input sequence.", "ko": "입력 시퀀스의 시간 단계 수."},
    "controls.batch_help": {"en": "Sequences processed at once.", "ko": "한 번에 처리하는 시퀀스의 수."},
    "controls.seed_help": {
        "en": "Seeds both the weights (torch.manual_seed) and the random input, so the same link shows the same "
              "numbers.",
        "ko": "가중치(torch.manual_seed)와 무작위 입력의 시드입니다. 같은 링크는 같은 숫자를 보여 줍니다.",
    },
    # ---- presets -----------------------------------------------------------------------------------------------
    "preset.rnn_4_200": {"en": "nn.RNN(4, 200) on (100, 30, 4)", "ko": "nn.RNN(4, 200), 입력 (100, 30, 4)"},
    "preset.rnn_4_200_bi": {
        "en": "nn.RNN(4, 200, bidirectional=True) on (100, 30, 4)",
        "ko": "nn.RNN(4, 200, bidirectional=True), 입력 (100, 30, 4)",
    },
    "preset.rnn_4_200_l3": {
        "en": "nn.RNN(4, 200, num_layers=3) on (100, 30, 4)",
        "ko": "nn.RNN(4, 200, num_layers=3), 입력 (100, 30, 4)",
    },
    "preset.rnn_4_200_l3_bi": {
        "en": "nn.RNN(4, 200, num_layers=3, bidirectional=True) on (100, 30, 4)",
        "ko": "nn.RNN(4, 200, num_layers=3, bidirectional=True), 입력 (100, 30, 4)",
    },
    "preset.lstm_6_200": {"en": "nn.LSTM(6, 200) on (100, 30, 6)", "ko": "nn.LSTM(6, 200), 입력 (100, 30, 6)"},
    "preset.rnn_5_8_l2_bf": {
        "en": "nn.RNN(5, 8, 2, batch_first=True) on (1, 10, 5)",
        "ko": "nn.RNN(5, 8, 2, batch_first=True), 입력 (1, 10, 5)",
    },
    "preset.lstm_mnist": {
        "en": "nn.LSTM(28, 256, 2, batch_first=True): MNIST rows (64, 28, 28)",
        "ko": "nn.LSTM(28, 256, 2, batch_first=True): MNIST 행 단위 (64, 28, 28)",
    },
    # ---- errors and limits ---------------------------------------------------------------------------------------
    "error.proj_size": {
        "en": "proj_size must be smaller than hidden_size (now proj_size = {proj_size}, hidden_size = "
              "{hidden_size}). Lower proj_size, or set it to 0 for no projection.",
        "ko": "proj_size는 hidden_size보다 작아야 합니다 (현재 proj_size = {proj_size}, hidden_size = "
              "{hidden_size}). proj_size를 줄이거나, 투영을 쓰지 않으려면 0으로 두세요.",
    },
    "error.url_value": {
        "en": "The link's value `{name}={text}` was not used ({reason}); the control shows its previous value.",
        "ko": "링크의 값 `{name}={text}`은(는) 사용하지 않았습니다 ({reason}). 해당 설정은 이전 값을 "
              "보여 줍니다.",
    },
    "error.shape_mismatch": {
        "en": "Bug: torch returned {measured} for {name}, but rnnviz expected {expected}. Please report it.",
        "ko": "버그: torch는 {name}에 대해 {measured}를 반환했지만 rnnviz는 {expected}를 예상했습니다. "
              "알려 주세요.",
    },
    "limits.parameters": {
        "en": "This layer has {value} parameters, over the live limit of {limit}: building it would take seconds "
              "and much of the hosted demo's memory. The code and shapes below are computed from the settings, "
              "not by running it. Lower hidden_size or num_layers to run it here.",
        "ko": "이 레이어의 파라미터는 {value}개로, 실시간 한도 {limit}개를 넘습니다. 만드는 데만 몇 초가 "
              "걸리고 공개 데모의 메모리를 많이 씁니다. 아래 코드와 모양은 실행하지 않고 설정에서 계산한 "
              "값입니다. 여기서 실행하려면 hidden_size나 num_layers를 줄이세요.",
    },
    "limits.forward_work": {
        "en": "Running this layer on this input is about {value} multiply-adds (seq_len × batch × parameters), "
              "over the live limit of {limit} (about one second here). The shapes below are computed from the "
              "settings, not by running it. Lower seq_len or batch to run it here.",
        "ko": "이 입력으로 레이어를 실행하면 곱셈-덧셈이 약 {value}번 필요합니다 (seq_len × batch × 파라미터 "
              "수). 실시간 한도 {limit}번(여기서 약 1초)을 넘습니다. 아래 모양은 실행하지 않고 설정에서 계산한 "
              "값입니다. 여기서 실행하려면 seq_len이나 batch를 줄이세요.",
    },
    # ---- layer builder page --------------------------------------------------------------------------------------
    "builder.intro": {
        "en": "Set the constructor arguments in the sidebar. The code builds exactly this layer (same seed, same "
              "weights); the shapes are what running it returned.",
        "ko": "사이드바에서 생성자 인자를 정하세요. 아래 코드는 정확히 이 레이어를 만들고(같은 시드, 같은 "
              "가중치), 모양은 실제로 실행해서 반환된 값입니다.",
    },
    "builder.matches_preset": {"en": "Lecture example: {name}", "ko": "강의 예제: {name}"},
    "builder.code_header": {"en": "PyTorch code", "ko": "PyTorch 코드"},
    "builder.shapes_header": {"en": "Returned shapes", "ko": "반환된 모양"},
    "builder.shapes_measured": {
        "en": "Measured: the shapes of the tensors the built module returned for this input.",
        "ko": "측정값: 만든 모듈이 이 입력에 대해 실제로 반환한 텐서의 모양입니다.",
    },
    "builder.shapes_computed": {
        "en": "Computed from the settings (not run: over the live limit).",
        "ko": "설정에서 계산한 값입니다 (실시간 한도를 넘어 실행하지 않음).",
    },
    "builder.why_header": {"en": "Why these shapes?", "ko": "왜 이런 모양일까?"},
    "builder.parameters_header": {"en": "Parameters", "ko": "파라미터"},
    "builder.total_parameters": {"en": "Total parameters", "ko": "전체 파라미터 수"},
    "builder.total_parameters_help": {
        "en": "sum(p.numel() for p in rnn.parameters())",
        "ko": "sum(p.numel() for p in rnn.parameters())와 같습니다",
    },
    "builder.layer_formula": {
        "en": "Layer {layer}, per direction: {formula} = **{count}**{times}",
        "ko": "{layer}번 층, 방향 하나당: {formula} = **{count}**{times}",
    },
    "shape.input": {"en": "input", "ko": "입력"},
    "shape.output": {"en": "every step's h_t from the last layer", "ko": "마지막 층의 모든 단계 h_t"},
    "shape.h_n": {"en": "the final h of every layer and direction", "ko": "모든 층·방향의 마지막 h"},
    "shape.c_n": {"en": "the final cell state c of every layer and direction", "ko": "모든 층·방향의 마지막 셀 상태 c"},
    "why.input": {
        "en": "**input** is `(seq_len, batch, input_size)` because `batch_first=False` is torch's default: time "
              "comes first, so `x[t]` is the whole batch at step t, a `(batch, input_size)` matrix. Set "
              "`batch_first=True` for `(batch, seq_len, input_size)`.",
        "ko": "**입력**이 `(seq_len, batch, input_size)`인 이유는 torch의 기본값이 `batch_first=False`이기 "
              "때문입니다. 시간이 첫 번째 차원이므로 `x[t]`는 t단계의 배치 전체, 즉 `(batch, input_size)` "
              "행렬입니다. `batch_first=True`로 하면 `(batch, seq_len, input_size)`가 됩니다.",
    },
    "why.input_batch_first": {
        "en": "**input** is `(batch, seq_len, input_size)` because `batch_first=True`: each sequence is one row "
              "of the batch, as data loaders usually deliver it. `output` follows; `h_n` and `c_n` do not.",
        "ko": "`batch_first=True`이므로 **입력**은 `(batch, seq_len, input_size)`입니다. 데이터 로더가 주는 "
              "것처럼 시퀀스 하나가 배치의 한 행입니다. `output`도 같은 순서를 따르지만 `h_n`과 `c_n`은 "
              "따르지 않습니다.",
    },
    "why.output": {
        "en": "**output** holds the last layer's hidden state at every step: `output[t] = h_t`, last dimension "
              "H_out = {h_out}. So `output[-1]` equals `h_n[-1]`.",
        "ko": "**output**은 마지막 층의 모든 단계 은닉 상태입니다: `output[t] = h_t`, 마지막 차원 H_out = "
              "{h_out}. 그래서 `output[-1]`과 `h_n[-1]`이 같습니다.",
    },
    "why.output_bidirectional": {
        "en": "**output** concatenates both directions of the last layer at every step, so its last dimension is "
              "D × H_out = {d_h_out}: `output[..., :{h_out}]` is forward, `output[..., {h_out}:]` is backward. "
              "The backward half at step 0 is that direction's final state.",
        "ko": "**output**은 마지막 층의 두 방향을 단계마다 이어 붙이므로 마지막 차원이 D × H_out = {d_h_out}"
              "입니다: `output[..., :{h_out}]`은 순방향, `output[..., {h_out}:]`은 역방향입니다. 역방향 절반의 "
              "0단계 값이 그 방향의 마지막 상태입니다.",
    },
    "why.h_n": {
        "en": "**h_n** keeps only the final state, but of every layer and direction: D × num_layers = {d} × "
              "{num_layers} = {rows} rows, layer by layer and forward before backward. Rows: {row_list}.",
        "ko": "**h_n**은 마지막 상태만, 대신 모든 층과 방향의 것을 담습니다: D × num_layers = {d} × "
              "{num_layers} = {rows}개의 행이 층 순서대로, 층 안에서는 순방향 다음 역방향 순으로 쌓입니다. "
              "행: {row_list}.",
    },
    "why.proj_size": {
        "en": "With **proj_size = {proj_size}**, h_t is projected from {hidden_size} to {proj_size} units, so "
              "`output` and `h_n` use {proj_size} while `c_n` keeps hidden_size = {hidden_size}.",
        "ko": "**proj_size = {proj_size}**이면 h_t가 {hidden_size}에서 {proj_size} 차원으로 투영되므로 "
              "`output`과 `h_n`은 {proj_size}, `c_n`은 hidden_size = {hidden_size}를 씁니다.",
    },
    "word.layer": {"en": "layer", "ko": "층"},
    "word.forward": {"en": "forward", "ko": "순방향"},
    "word.backward": {"en": "backward", "ko": "역방향"},
    "table.name": {"en": "Tensor", "ko": "텐서"},
    "table.layer": {"en": "Layer", "ko": "층"},
    "table.direction": {"en": "Direction", "ko": "방향"},
    "table.shape": {"en": "Shape", "ko": "모양"},
    "table.count": {"en": "Count", "ko": "개수"},
    "table.formula": {"en": "Formula", "ko": "공식"},
}


def catalog(lang: str) -> dict[str, str]:
    """All strings of one language: key -> template."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return {key: texts[lang] for key, texts in STRINGS.items()}


def placeholders(template: str) -> set[str]:
    """The named fields a template takes: "Layer {layer}" -> {"layer"}."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`, with `values` filled in. Unknown keys raise KeyError (a bug, caught by tests)."""
    template = STRINGS[key][lang]
    return template.format(**values) if values else template
