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
    # ---- hidden states page ------------------------------------------------------------------------------------
    "hidden.intro": {
        "en": "Every column is one time step, every row one unit of the state. The numbers are recorded from the "
              "layer built in the sidebar, step by step, and checked against torch's own run of it. Press Play, or "
              "drag the step slider; the dark band marks the current step in every panel.",
        "ko": "열 하나가 시간 단계 하나, 행 하나가 상태의 유닛 하나입니다. 숫자는 사이드바에서 만든 레이어를 한 "
              "단계씩 기록한 값이며, torch가 직접 실행한 결과와 비교해 확인합니다. 재생을 누르거나 단계 "
              "슬라이더를 움직이세요. 진한 띠가 모든 패널에서 현재 단계를 표시합니다.",
    },
    "hidden.input_header": {"en": "Input sequence", "ko": "입력 시퀀스"},
    "hidden.input_kind": {"en": "Example", "ko": "예제"},
    "hidden.input_kind_help": {
        "en": "Random numbers use the sidebar's input_size and batch; a word, the sine wave and prices set the "
              "number of features themselves and use one sequence.",
        "ko": "무작위 입력은 사이드바의 input_size와 batch를 씁니다. 단어, 사인파, 주가는 특성 수를 스스로 "
              "정하고 시퀀스 하나를 씁니다.",
    },
    "input.random.name": {"en": "Random normal", "ko": "무작위 정규분포"},
    "input.word.name": {"en": "One-hot characters of a word", "ko": "단어의 원-핫 문자"},
    "input.sine.name": {"en": "Sine wave over [0, π]", "ko": "[0, π] 구간의 사인파"},
    "input.prices.name": {"en": "Stock prices (OHLCV window)", "ko": "주가 (OHLCV 구간)"},
    "input.random.explain": {
        "en": "**Input:** standard normal numbers, seeded, shape `{shape}` `(seq_len, batch, input_size)`.",
        "ko": "**입력:** 시드를 고정한 표준정규분포 난수, 모양 `{shape}` `(seq_len, batch, input_size)`.",
    },
    "input.word.explain": {
        "en": "**Input:** one character per step, one-hot over the word's own letters ({features}), shape "
              "`{shape}`: as in the lecture's \"hello\", where the vocabulary is e, h, l, o.",
        "ko": "**입력:** 단계마다 문자 하나를 단어에 나온 문자들({features}) 위의 원-핫 벡터로, 모양 `{shape}`. "
              "강의의 \"hello\" 예제처럼 어휘는 e, h, l, o입니다.",
    },
    "input.sine.explain": {
        "en": "**Input:** sin(x) at evenly spaced x from 0 to π, one number per step, shape `{shape}`: the "
              "lecture's sine example.",
        "ko": "**입력:** 0에서 π까지 같은 간격의 x에서 sin(x), 단계마다 숫자 하나, 모양 `{shape}`. 강의의 "
              "사인파 예제입니다.",
    },
    "input.prices.explain": {
        "en": "**Input:** the last seq_len trading days of the bundled GOOG sample ({features}), each column "
              "standardised over the window (mean 0, std 1), shape `{shape}`.",
        "ko": "**입력:** 내장된 GOOG 표본의 마지막 seq_len 거래일({features}), 각 열을 구간 안에서 "
              "표준화(평균 0, 표준편차 1), 모양 `{shape}`.",
    },
    "input.random.error": {"en": "This input cannot be built.", "ko": "이 입력을 만들 수 없습니다."},
    "input.word.error": {
        "en": "Type a word of 1 to {word_limit} characters (any language: 안녕 works too).",
        "ko": "1자에서 {word_limit}자 사이의 단어를 입력하세요 (어떤 언어든 됩니다: hello도 됩니다).",
    },
    "input.sine.error": {"en": "seq_len must be at least 1.", "ko": "seq_len은 1 이상이어야 합니다."},
    "input.prices.error": {
        "en": "The price window is longer than the data: the sample has {days} trading days. Lower seq_len.",
        "ko": "주가 구간이 데이터보다 깁니다: 표본은 {days} 거래일입니다. seq_len을 줄이세요.",
    },
    "hidden.word": {"en": "Word", "ko": "단어"},
    "hidden.word_help": {
        "en": "Each character is one time step; the vocabulary is the word's distinct characters, sorted.",
        "ko": "문자 하나가 시간 단계 하나입니다. 어휘는 단어에 나온 서로 다른 문자들을 정렬한 것입니다.",
    },
    "hidden.view_header": {"en": "What to show", "ko": "표시할 내용"},
    "hidden.layer": {"en": "Layer", "ko": "층"},
    "hidden.layer_help": {
        "en": "Layer 0 reads the input; layer k reads layer k-1's output sequence.",
        "ko": "0번 층은 입력을, k번 층은 k-1번 층의 출력 시퀀스를 읽습니다.",
    },
    "hidden.direction": {"en": "Direction", "ko": "방향"},
    "hidden.direction_help": {
        "en": "Backward reads the sequence from the last step to the first; its states are still drawn at the "
              "step they belong to, so its final state is at t = 0.",
        "ko": "역방향은 시퀀스를 마지막 단계부터 첫 단계로 읽습니다. 상태는 해당 단계 위치에 그리므로 역방향의 "
              "마지막 상태는 t = 0에 있습니다.",
    },
    "hidden.batch_item": {"en": "Sequence in the batch", "ko": "배치 안의 시퀀스"},
    "hidden.batch_item_help": {
        "en": "Which of the batch's sequences to show (each is processed independently).",
        "ko": "배치의 시퀀스 중 어느 것을 보여 줄지 고릅니다 (각 시퀀스는 독립적으로 처리됩니다).",
    },
    "hidden.unit": {"en": "Unit in the equation", "ko": "수식에 쓸 유닛"},
    "hidden.unit_help": {
        "en": "The hidden unit whose update is written out with numbers beside the heatmaps.",
        "ko": "히트맵 옆에 숫자로 갱신 과정을 보여 줄 은닉 유닛입니다.",
    },
    "hidden.first_step": {"en": "First step shown", "ko": "표시 시작 단계"},
    "hidden.first_step_help": {
        "en": "Long sequences are drawn {shown} steps at a time; move the window here.",
        "ko": "긴 시퀀스는 한 번에 {shown}단계씩 그립니다. 여기서 구간을 옮기세요.",
    },
    "hidden.first_unit": {"en": "First unit shown", "ko": "표시 시작 유닛"},
    "hidden.first_unit_help": {
        "en": "Wide layers are drawn {shown} units at a time; move the window here.",
        "ko": "넓은 레이어는 한 번에 {shown}개 유닛씩 그립니다. 여기서 구간을 옮기세요.",
    },
    "hidden.input_size_override": {
        "en": "input_size is {input_size} here, set by this input (the sidebar's {sidebar} applies to random input).",
        "ko": "여기서 input_size는 이 입력이 정한 {input_size}입니다 (사이드바의 {sidebar}는 무작위 입력에 "
              "적용됩니다).",
    },
    "hidden.badge": {
        "en": "These are torch's numbers: max |trace − torch| = {difference} over output, h_n and c_n of this "
              "sequence.",
        "ko": "torch의 숫자 그대로입니다: 이 시퀀스의 output, h_n, c_n에서 max |trace − torch| = {difference}.",
    },
    "hidden.window_steps": {
        "en": "Showing steps {first}–{last} of {total}: move the window with “First step shown”.",
        "ko": "전체 {total}단계 중 {first}–{last}단계를 표시합니다. “표시 시작 단계”로 구간을 옮기세요.",
    },
    "hidden.window_units": {
        "en": "Showing units {first}–{last} of {total}: move the window with “First unit shown”.",
        "ko": "전체 {total}개 유닛 중 {first}–{last}번을 표시합니다. “표시 시작 유닛”으로 구간을 옮기세요.",
    },
    "hidden.computing": {"en": "Recording every step…", "ko": "모든 단계를 기록하는 중…"},
    "panel.h": {"en": "h<sub>t</sub>: hidden state", "ko": "h<sub>t</sub>: 은닉 상태"},
    "panel.c": {"en": "c<sub>t</sub>: cell state", "ko": "c<sub>t</sub>: 셀 상태"},
    "panel.i": {"en": "i: input gate", "ko": "i: 입력 게이트"},
    "panel.f": {"en": "f: forget gate", "ko": "f: 망각 게이트"},
    "panel.g": {"en": "g: cell candidate", "ko": "g: 셀 후보값"},
    "panel.o": {"en": "o: output gate", "ko": "o: 출력 게이트"},
    "panel.r": {"en": "r: reset gate", "ko": "r: 리셋 게이트"},
    "panel.z": {"en": "z: update gate", "ko": "z: 업데이트 게이트"},
    "panel.n": {"en": "n: new gate (candidate)", "ko": "n: 새 게이트 (후보값)"},
    "panel.x": {"en": "x<sub>t</sub>: input features at this step", "ko": "x<sub>t</sub>: 이 단계의 입력 특성"},
    "panel.bars": {"en": "h<sub>t-1</sub> → h<sub>t</sub>", "ko": "이전 → 현재: h<sub>t-1</sub> → h<sub>t</sub>"},
    "panel.equation": {"en": "The update, for one unit", "ko": "유닛 하나의 갱신 식"},
    "axis.time": {"en": "time step t", "ko": "시간 단계 t"},
    "axis.unit": {"en": "unit", "ko": "유닛"},
    "anim.play": {"en": "Play", "ko": "재생"},
    "anim.pause": {"en": "Pause", "ko": "일시정지"},
    "anim.step": {"en": "step", "ko": "단계"},
    # ---- shape diagrams page -------------------------------------------------------------------------------------
    "shapes.intro": {
        "en": "The layer from the sidebar, unrolled over time: one row of cells per layer and direction. Each row's "
              "final state becomes one row of h_n (and c_n), drawn beside it with its index D·k + d. Pick, or click, "
              "an output half or a slab to see which cells it comes from.",
        "ko": "사이드바의 레이어를 시간축으로 펼친 그림입니다. 층과 방향마다 셀이 한 줄씩 있고, 각 줄의 마지막 "
              "상태가 h_n(과 c_n)의 한 행이 되어 옆에 인덱스 D·k + d와 함께 그려집니다. output의 절반이나 "
              "슬랩을 고르거나 클릭하면 어느 셀에서 왔는지 보입니다.",
    },
    "shapes.input_caption": {"en": "the sequence fed in", "ko": "넣어 준 시퀀스"},
    "shapes.output_caption": {"en": "every step's h of the last layer", "ko": "마지막 층의 모든 단계 h"},
    "shapes.click_hint": {"en": "click to trace it back", "ko": "클릭하면 출처를 표시합니다"},
    "shapes.trace_back": {"en": "Trace back", "ko": "출처 따라가기"},
    "shapes.trace_back_help": {
        "en": "Highlights the cells a part of output, h_n or c_n comes from. Clicking a slab or an output half in the "
              "diagram selects it here too.",
        "ko": "output, h_n, c_n의 한 부분이 어느 셀에서 왔는지 강조합니다. 그림에서 슬랩이나 output 절반을 "
              "클릭해도 여기서 선택됩니다.",
    },
    "shapes.pick_none": {"en": "nothing", "ko": "선택 안 함"},
    "shapes.pick_output": {"en": "output, {direction} half", "ko": "output의 {direction} 절반"},
    "shapes.pick_row": {
        "en": "{tensor}[{row}]: layer {layer}, {direction}",
        "ko": "{tensor}[{row}]: {layer}번 층, {direction}",
    },
    "shapes.identities_header": {"en": "Which row is which: checked on this layer", "ko": "어느 행이 무엇인지: 이 레이어로 확인"},
    "shapes.identities_caption": {
        "en": "Each identity is computed by torch on the built layer and a random input of the sidebar's size; the "
              "difference is the largest absolute gap between the two sides (0 or float32 round-off when it holds).",
        "ko": "각 항등식은 만든 레이어와 사이드바 크기의 무작위 입력으로 torch가 계산합니다. 차이는 양변 사이의 "
              "가장 큰 절댓값 차이입니다 (성립하면 0 또는 float32 반올림 오차).",
    },
    "identity.last_step_is_h_n": {
        "en": "the last step of output is the last layer's final state",
        "ko": "output의 마지막 단계는 마지막 층의 최종 상태입니다",
    },
    "identity.forward_half": {
        "en": "forward half of output at the last step = last layer's forward final state",
        "ko": "마지막 단계 output의 순방향 절반 = 마지막 층 순방향의 최종 상태",
    },
    "identity.backward_half": {
        "en": "backward half of output at step 0 = last layer's backward final state (it read the sequence "
              "backwards)",
        "ko": "0단계 output의 역방향 절반 = 마지막 층 역방향의 최종 상태 (시퀀스를 거꾸로 읽었으므로)",
    },
    "identity.view_rows": {
        "en": "viewing h_n as (num_layers, D, batch, H) separates layer k and direction d",
        "ko": "h_n을 (num_layers, D, batch, H)로 보면 k번 층과 d 방향이 분리됩니다",
    },
    "identity.rows_are_layers": {
        "en": "every row of h_n is one layer and direction's final hidden state, lower layers included",
        "ko": "h_n의 각 행은 아래층을 포함한 한 층·한 방향의 최종 은닉 상태입니다",
    },
    "identity.c_n_rows": {
        "en": "c_n follows the same row order with the final cell states",
        "ko": "c_n도 같은 행 순서로 최종 셀 상태를 담습니다",
    },
    "table.identity": {"en": "Identity", "ko": "항등식"},
    "table.meaning": {"en": "Meaning", "ko": "의미"},
    "table.difference": {"en": "max |difference|", "ko": "최대 |차이|"},
    "table.holds": {"en": "Holds", "ko": "성립"},
    "shapes.compare_header": {"en": "D × num_layers: the four lecture experiments", "ko": "D × num_layers: 강의의 네 가지 실험"},
    "shapes.compare_caption": {
        "en": "The same cell, sizes and input with bidirectional off/on and 1 or 3 layers; each shape is what running "
              "that layer returned.",
        "ko": "같은 셀, 크기, 입력에서 양방향 끔/켬과 1층/3층을 바꿔 실행해 반환된 모양입니다.",
    },
    "shapes.unbatched_header": {"en": "Unbatched input", "ko": "배치 없는 입력"},
    "shapes.unbatched_text": {
        "en": "torch also accepts one sequence without a batch dimension: input `{input}` `(seq_len, input_size)` "
              "gives output `{output}` and h_n `{h_n}`: the same shapes with the batch dimension left out. "
              "`batch_first` has no effect on an unbatched input.",
        "ko": "torch는 배치 차원이 없는 시퀀스 하나도 받습니다: 입력 `{input}` `(seq_len, input_size)`는 output "
              "`{output}`, h_n `{h_n}`을 돌려줍니다. 배치 차원만 빠진 같은 모양입니다. 배치 없는 입력에는 "
              "`batch_first`가 적용되지 않습니다.",
    },
    # ---- vanishing gradients page ----------------------------------------------------------------------------------
    "grad.intro": {
        "en": "How much does the output at the last step still depend on an input k steps earlier? Backpropagation "
              "multiplies one Jacobian per step, so the gradient shrinks (or grows) roughly geometrically with k. "
              "Here one-layer RNN (tanh and relu), LSTM and GRU layers read the same random sequences, and every "
              "norm is measured with autograd in float64.",
        "ko": "마지막 단계의 출력은 k단계 앞의 입력에 얼마나 의존할까요? 역전파는 단계마다 야코비안을 한 번씩 "
              "곱하므로 기울기는 k에 따라 대략 기하급수적으로 줄어들거나 커집니다. 여기서는 1층 RNN(tanh, "
              "relu), LSTM, GRU가 같은 무작위 시퀀스를 읽고, 모든 노름을 float64 autograd로 측정합니다.",
    },
    "grad.computing": {"en": "Measuring gradients for every cell type…", "ko": "모든 셀 종류의 기울기를 측정하는 중…"},
    "grad.setup_header": {"en": "Experiment", "ko": "실험 설정"},
    "grad.seq_len": {"en": "Sequence length T", "ko": "시퀀스 길이 T"},
    "grad.seq_len_help": {"en": "Up to 1000 steps.", "ko": "최대 1000단계까지."},
    "grad.hidden": {"en": "hidden_size", "ko": "hidden_size (은닉 크기)"},
    "grad.hidden_help": {"en": "The same for every cell; input_size is 4.", "ko": "모든 셀에 같은 값, input_size는 4입니다."},
    "grad.seeds": {"en": "Random sequences", "ko": "무작위 시퀀스 수"},
    "grad.seeds_help": {
        "en": "Each curve is the geometric mean over these sequences; the band runs from the smallest to the largest.",
        "ko": "각 곡선은 이 시퀀스들에 대한 기하평균이며, 띠는 최솟값부터 최댓값까지입니다.",
    },
    "grad.view": {"en": "Gradient with respect to", "ko": "기울기를 구할 대상"},
    "grad.view_help": {
        "en": "dL/dx_t goes back to the inputs; dL/dh_t to the hidden states (computed on the recurrence written out "
              "step by step, since torch's fused kernel keeps its inner states off the autograd graph).",
        "ko": "dL/dx_t는 입력까지, dL/dh_t는 은닉 상태까지의 기울기입니다 (torch의 융합 커널은 내부 상태를 "
              "autograd 그래프에 두지 않으므로, 단계별로 풀어 쓴 재귀식에서 계산합니다).",
    },
    "grad.view_input": {"en": "the input x_t", "ko": "입력 x_t"},
    "grad.view_hidden": {"en": "the hidden state h_t", "ko": "은닉 상태 h_t"},
    "grad.rnn_header": {"en": "Plain RNN: W_hh", "ko": "기본 RNN: W_hh"},
    "grad.init": {"en": "Initialisation of W_hh", "ko": "W_hh 초기화"},
    "grad.init_help": {
        "en": "torch's default (uniform ±1/√hidden), an orthogonal matrix, or the identity (IRNN, Le et al. 2015, "
              "meant for relu). Applies to both RNNs.",
        "ko": "torch 기본값(균등분포 ±1/√hidden), 직교 행렬, 또는 항등 행렬(IRNN, Le et al. 2015, relu용). 두 "
              "RNN 모두에 적용됩니다.",
    },
    "grad.init_default": {"en": "torch default", "ko": "torch 기본값"},
    "grad.init_orthogonal": {"en": "orthogonal", "ko": "직교 행렬"},
    "grad.init_identity": {"en": "identity (IRNN)", "ko": "항등 행렬 (IRNN)"},
    "grad.rescale": {"en": "Rescale to a spectral radius", "ko": "스펙트럼 반지름으로 조정"},
    "grad.rescale_help": {
        "en": "Multiply W_hh so its largest |eigenvalue| is the value below: under 1 the gradient vanishes, over 1 "
              "it can explode.",
        "ko": "W_hh의 가장 큰 |고윳값|이 아래 값이 되도록 곱합니다. 1보다 작으면 기울기가 소실되고, 크면 폭발할 "
              "수 있습니다.",
    },
    "grad.radius": {"en": "Spectral radius ρ", "ko": "스펙트럼 반지름 ρ"},
    "grad.radius_help": {"en": "0.5 to 1.5.", "ko": "0.5에서 1.5까지."},
    "grad.lstm_header": {"en": "LSTM: forget gate", "ko": "LSTM: 망각 게이트"},
    "grad.forget_bias": {"en": "Forget-gate bias added", "ko": "더할 망각 게이트 편향"},
    "grad.forget_bias_help": {
        "en": "Added to the f quarter of bias_ih (0 = torch's default). Gers et al. 2000 and Jozefowicz et al. 2015 "
              "recommend 1 or more, so f starts near 1 and the cell remembers.",
        "ko": "bias_ih의 f 구간에 더합니다 (0 = torch 기본값). Gers et al. 2000과 Jozefowicz et al. 2015는 1 "
              "이상을 권장합니다. 그러면 f가 1 가까이에서 시작해 셀이 기억을 유지합니다.",
    },
    "grad.axis_distance": {"en": "distance k = T−1−t (steps back from the last output)",
                           "ko": "거리 k = T−1−t (마지막 출력에서 거슬러 올라간 단계 수)"},
    "grad.axis_length": {"en": "sequence length T", "ko": "시퀀스 길이 T"},
    "grad.axis_input_norm": {"en": "‖∂L/∂x_t‖ (L = sum of output_{T−1}), log scale",
                             "ko": "‖∂L/∂x_t‖ (L = output_{T−1}의 합), 로그 축"},
    "grad.axis_hidden_norm": {"en": "‖∂L/∂h_t‖ (L = sum of output_{T−1}), log scale",
                              "ko": "‖∂L/∂h_t‖ (L = output_{T−1}의 합), 로그 축"},
    "grad.axis_first_step": {"en": "‖∂ sum(output_{T−1}) / ∂x_0‖, log scale",
                             "ko": "‖∂ sum(output_{T−1}) / ∂x_0‖, 로그 축"},
    "grad.bound": {"en": "bound for the RNNs: ‖W_ih‖·√H·σ_max^k, σ_max = {sigma}",
                   "ko": "RNN의 상한: ‖W_ih‖·√H·σ_max^k, σ_max = {sigma}"},
    "grad.radius_line": {"en": "rate of a linear RNN: ρ^k, ρ = {rho}", "ko": "선형 RNN의 비율: ρ^k, ρ = {rho}"},
    "grad.trained": {"en": "after training", "ko": "학습 후"},
    "grad.train_header": {"en": "After training on a task that needs long memory", "ko": "긴 기억이 필요한 과제로 학습한 뒤"},
    "grad.train_text": {
        "en": "Each cell (with the settings in the sidebar) is trained to output, after {length} steps, the value its "
              "first step carried: step 0 holds the value and a marker, later steps hold noise. {steps} Adam steps "
              "take a few seconds. Then the curves are measured again and drawn dashed. At torch's default init the "
              "LSTM does not learn it; set the forget-gate bias to 2 and it does, and its gradient stops vanishing.",
        "ko": "각 셀(사이드바의 설정 그대로)을 {length}단계 뒤에 첫 단계의 값을 출력하도록 학습합니다. 0단계에는 "
              "값과 표시가 있고 이후 단계에는 잡음만 있습니다. Adam {steps}단계로 몇 초 걸립니다. 그다음 곡선을 "
              "다시 측정해 파선으로 그립니다. torch 기본 초기화에서는 LSTM이 이 과제를 배우지 못합니다. 망각 "
              "게이트 편향을 2로 하면 배우고, 기울기도 더 이상 사라지지 않습니다.",
    },
    "grad.train_button": {"en": "Train every cell to remember its first input", "ko": "모든 셀이 첫 입력을 기억하도록 학습"},
    "grad.training": {"en": "Training {name}…", "ko": "{name} 학습 중…"},
    "grad.train_stale": {
        "en": "The settings changed since the last training run: press the button to train again.",
        "ko": "마지막 학습 뒤로 설정이 바뀌었습니다. 다시 학습하려면 버튼을 누르세요.",
    },
    "grad.col_task_loss": {"en": "task loss after training (1 = guessing 0)", "ko": "학습 후 과제 손실 (1 = 0으로 찍기)"},
    "grad.col_factor_before": {"en": "factor before", "ko": "학습 전 비율"},
    "grad.col_factor_after": {"en": "factor after", "ko": "학습 후 비율"},
    "grad.col_cell": {"en": "Cell", "ko": "셀"},
    "grad.col_factor_input": {"en": "fitted factor per step (x)", "ko": "단계당 적합 비율 (x)"},
    "grad.col_log_factor": {"en": "ln(factor)", "ko": "ln(비율)"},
    "grad.col_factor_hidden": {"en": "fitted factor per step (h)", "ko": "단계당 적합 비율 (h)"},
    "grad.col_radius": {"en": "spectral radius ρ of W_hh", "ko": "W_hh의 스펙트럼 반지름 ρ"},
    "grad.col_sigma": {"en": "σ_max of W_hh", "ko": "W_hh의 σ_max"},
    "grad.distance_header": {"en": "Gradient against distance", "ko": "거리에 따른 기울기"},
    "grad.distance_caption": {
        "en": "T = {seq_len}, {seeds} random sequences. Below about 1e-300 float64 itself underflows; those points "
              "are drawn at the floor. Black dashed and dotted lines: the theory for the plain RNN.",
        "ko": "T = {seq_len}, 무작위 시퀀스 {seeds}개. 약 1e-300 아래는 float64 자체가 언더플로하므로 바닥에 "
              "그립니다. 검은 파선과 점선: 기본 RNN의 이론값.",
    },
    "grad.theory_header": {"en": "The theory beside the measurement", "ko": "측정 옆의 이론"},
    "grad.theory_text": {
        "en": "For the plain RNN, ∂h_t/∂h_(t−1) = diag(act′)·W_hh and |act′| ≤ 1, so ‖∂h_T/∂h_t‖ ≤ σ_max^(T−t), "
              "with σ_max the largest singular value of W_hh: below 1 the gradient must vanish exponentially "
              "(Bengio, Simard and Frasconi 1994; Pascanu, Mikolov and Bengio 2013). A linear recurrence decays at "
              "the spectral radius ρ. The table fits a straight line to the log of each measured curve: compare "
              "ln(factor) with ln ρ, and move ρ with the controls.",
        "ko": "기본 RNN에서 ∂h_t/∂h_(t−1) = diag(act′)·W_hh이고 |act′| ≤ 1이므로 ‖∂h_T/∂h_t‖ ≤ σ_max^(T−t)"
              "입니다 (σ_max는 W_hh의 가장 큰 특이값). 1보다 작으면 기울기는 지수적으로 사라질 수밖에 없습니다 "
              "(Bengio, Simard, Frasconi 1994; Pascanu, Mikolov, Bengio 2013). 선형 재귀식은 스펙트럼 반지름 ρ의 "
              "비율로 줄어듭니다. 표는 측정한 곡선의 로그에 직선을 맞춘 결과입니다. ln(비율)과 ln ρ를 비교하고 "
              "조절기로 ρ를 바꿔 보세요.",
    },
    "grad.gates_header": {"en": "The LSTM's forget gate, honestly", "ko": "LSTM의 망각 게이트, 솔직하게"},
    "grad.gates_text": {
        "en": "At torch's default init an untrained LSTM vanishes too: its fitted factor (about 0.63 at hidden 64) is "
              "only a little above the tanh RNN's (about 0.58). The gate can keep the gradient alive only when f is "
              "near 1: add a forget-gate bias of 2 in the sidebar and the factor rises to about 0.96. Training on a "
              "task that needs long memory pushes f there too.",
        "ko": "torch 기본 초기화에서는 학습하지 않은 LSTM도 기울기가 사라집니다. 적합 비율(hidden 64에서 약 "
              "0.63)이 tanh RNN(약 0.58)보다 조금 클 뿐입니다. 게이트는 f가 1에 가까울 때만 기울기를 살립니다. "
              "사이드바에서 망각 게이트 편향 2를 더하면 비율이 약 0.96으로 올라갑니다. 긴 기억이 필요한 과제로 "
              "학습해도 f가 그쪽으로 갑니다.",
    },
    "grad.length_header": {"en": "Gradient reaching the first step, against sequence length",
                           "ko": "시퀀스 길이에 따라 첫 단계에 도달하는 기울기"},
    "grad.length_caption": {
        "en": "For each length T, how much the last output depends on the very first input. Measured for every T "
              "in the same single backward pass: each T is its own copy of the sequences in the batch.",
        "ko": "길이 T마다 마지막 출력이 맨 첫 입력에 얼마나 의존하는지입니다. 모든 T를 한 번의 역전파로 측정합니다: "
              "배치 안에서 T마다 시퀀스를 하나씩 복사해 둡니다.",
    },
    "grad.sources": {
        "en": "Sources: Y. Bengio, P. Simard, P. Frasconi, Learning long-term dependencies with gradient descent is "
              "difficult, IEEE Trans. Neural Networks 5(2), 1994. R. Pascanu, T. Mikolov, Y. Bengio, On the "
              "difficulty of training recurrent neural networks, ICML 2013. F. Gers, J. Schmidhuber, F. Cummins, "
              "Learning to forget, Neural Computation 12(10), 2000. R. Jozefowicz, W. Zaremba, I. Sutskever, An "
              "empirical exploration of recurrent network architectures, ICML 2015. Q. Le, N. Jaitly, G. Hinton, "
              "A simple way to initialize recurrent networks of rectified linear units, 2015.",
        "ko": "출처: Y. Bengio, P. Simard, P. Frasconi, Learning long-term dependencies with gradient descent is "
              "difficult, IEEE Trans. Neural Networks 5(2), 1994. R. Pascanu, T. Mikolov, Y. Bengio, On the "
              "difficulty of training recurrent neural networks, ICML 2013. F. Gers, J. Schmidhuber, F. Cummins, "
              "Learning to forget, Neural Computation 12(10), 2000. R. Jozefowicz, W. Zaremba, I. Sutskever, An "
              "empirical exploration of recurrent network architectures, ICML 2015. Q. Le, N. Jaitly, G. Hinton, "
              "A simple way to initialize recurrent networks of rectified linear units, 2015. (논문 제목은 원문 "
              "그대로 둡니다.)",
    },
    # ---- stock page --------------------------------------------------------------------------------------------------
    "stock.intro": {
        "en": "Feed windows of daily Open, High, Low, Close and Volume to an LSTM and ask for the next day's close. "
              "Then the honest question: is it better than predicting that tomorrow's close equals today's "
              "(persistence)? The last part of the dates is kept out of training and of the scaling as the test "
              "period.",
        "ko": "일별 시가, 고가, 저가, 종가, 거래량의 구간을 LSTM에 넣어 다음 날 종가를 예측합니다. 그다음 솔직한 "
              "질문: 내일 종가가 오늘 종가와 같다고 예측하는 것(지속 예측)보다 나은가? 날짜의 마지막 부분은 "
              "테스트 기간으로 학습과 정규화 어디에도 쓰지 않습니다.",
    },
    "stock.data_header": {"en": "Prices", "ko": "주가 데이터"},
    "stock.source": {"en": "Source", "ko": "출처"},
    "stock.source_help": {
        "en": "The bundled sample works offline; a download needs the internet; a CSV needs a date column and "
              "Open, High, Low, Close (Volume optional).",
        "ko": "내장 표본은 오프라인에서도 됩니다. 다운로드는 인터넷이 필요합니다. CSV에는 날짜 열과 시가, 고가, "
              "저가, 종가가 있어야 합니다 (거래량은 선택).",
    },
    "stock.source_sample": {"en": "Bundled sample (GOOG 2004–2013)", "ko": "내장 표본 (GOOG 2004–2013)"},
    "stock.source_download": {"en": "Download from Yahoo Finance", "ko": "Yahoo Finance에서 다운로드"},
    "stock.source_upload": {"en": "Upload a CSV", "ko": "CSV 업로드"},
    "stock.sample_label": {
        "en": "the bundled sample: GOOG daily prices, 2004-08-19 to 2013-03-01 (2,148 days, Yahoo Finance; works "
              "offline)",
        "ko": "내장 표본: GOOG 일별 주가, 2004-08-19 ~ 2013-03-01 (2,148일, Yahoo Finance; 오프라인에서도 동작)",
    },
    "stock.ticker": {"en": "Ticker", "ko": "종목 코드"},
    "stock.ticker_help": {"en": "e.g. GOOG, AAPL, 005930.KS", "ko": "예: GOOG, AAPL, 005930.KS"},
    "stock.start": {"en": "From", "ko": "시작일"},
    "stock.end": {"en": "To (not included)", "ko": "종료일 (포함 안 함)"},
    "stock.download": {"en": "Download", "ko": "다운로드"},
    "stock.downloading": {"en": "Downloading {ticker}…", "ko": "{ticker} 다운로드 중…"},
    "stock.download_label": {
        "en": "{ticker} from Yahoo Finance, {start} to {end} ({days} days)",
        "ko": "Yahoo Finance의 {ticker}, {start} ~ {end} ({days}일)",
    },
    "stock.download_failed": {
        "en": "Download failed: {reason}. The prices on screen are unchanged.",
        "ko": "다운로드 실패: {reason}. 화면의 주가 데이터는 그대로입니다.",
    },
    "stock.upload": {"en": "CSV file", "ko": "CSV 파일"},
    "stock.upload_help": {
        "en": "Up to 5 MB. Headers such as Date, Open, High, Low, Close, Volume in any case (날짜, 시가, 고가, 저가, "
              "종가, 거래량 also work); at least 60 trading days.",
        "ko": "최대 5 MB. Date, Open, High, Low, Close, Volume 같은 머리글 (대소문자 무관, 날짜·시가·고가·저가·"
              "종가·거래량도 됨), 최소 60 거래일.",
    },
    "stock.upload_label": {"en": "your file {name}, {start} to {end} ({days} days)", "ko": "업로드한 파일 {name}, {start} ~ {end} ({days}일)"},
    "stock.upload_failed": {
        "en": "{name} cannot be used: {reason}. The prices on screen are unchanged.",
        "ko": "{name}은(는) 사용할 수 없습니다: {reason}. 화면의 주가 데이터는 그대로입니다.",
    },
    "stock.source_notice": {"en": "Showing {label}.", "ko": "표시 중: {label}."},
    "stock.model_header": {"en": "Model and training", "ko": "모델과 학습"},
    "stock.window": {"en": "Window (days)", "ko": "구간 길이 (일)"},
    "stock.window_help": {
        "en": "Each sample is this many past days; the LSTM reads them in order (batch_first=True: (batch, window, "
              "features)).",
        "ko": "표본 하나는 이만큼의 과거 일수입니다. LSTM이 순서대로 읽습니다 (batch_first=True: (batch, window, "
              "features)).",
    },
    "stock.features": {"en": "Features", "ko": "특성"},
    "stock.features_help": {"en": "input_size = how many you pick.", "ko": "input_size = 고른 특성의 수."},
    "stock.target": {"en": "Predict", "ko": "예측 대상"},
    "stock.target_help": {
        "en": "The price itself, or the log return (today's close to tomorrow's), turned back into a price. Returns "
              "are closer to stationary, which changes what the LSTM can learn.",
        "ko": "주가 자체, 또는 로그 수익률(오늘 종가에서 내일 종가로)을 예측해 다시 주가로 바꿉니다. 수익률은 더 "
              "정상적(stationary)이라 LSTM이 배울 수 있는 것이 달라집니다.",
    },
    "stock.target_price": {"en": "next close (price)", "ko": "다음 종가 (가격)"},
    "stock.target_log_return": {"en": "next log return", "ko": "다음 로그 수익률"},
    "stock.epochs": {"en": "Epochs (at most)", "ko": "에포크 (최대)"},
    "stock.epochs_help": {
        "en": "Training stops early when the validation loss has not improved for 8 epochs; the best epoch's weights "
              "are kept.",
        "ko": "검증 손실이 8 에포크 동안 나아지지 않으면 일찍 멈추고, 가장 좋았던 에포크의 가중치를 씁니다.",
    },
    "stock.lr": {"en": "Learning rate", "ko": "학습률"},
    "stock.lr_help": {
        "en": "Adam's step size. At 10 the default model diverges and training stops with a message (a very small "
              "model may survive it: its outputs saturate).",
        "ko": "Adam의 보폭입니다. 10이면 기본 모델은 발산하고 학습이 메시지와 함께 멈춥니다 (아주 작은 모델은 출력이 "
              "포화되어 버틸 수도 있습니다).",
    },
    "stock.test_fraction": {"en": "Test period (share of the dates)", "ko": "테스트 기간 (날짜 비율)"},
    "stock.test_fraction_help": {
        "en": "The last part of the dates, never seen in training; validation is the 10 % of dates before it.",
        "ko": "날짜의 마지막 부분으로, 학습에서 전혀 보지 않습니다. 검증은 그 앞 10 %의 날짜입니다.",
    },
    "stock.train": {"en": "Train", "ko": "학습"},
    "stock.training": {"en": "Epoch {epoch} of at most {epochs}", "ko": "에포크 {epoch} / 최대 {epochs}"},
    "stock.axis_price": {"en": "price (currency of the data)", "ko": "가격 (데이터의 통화)"},
    "stock.axis_volume": {"en": "volume (shares)", "ko": "거래량 (주)"},
    "stock.period_train": {"en": "training", "ko": "학습"},
    "stock.period_validation": {"en": "validation", "ko": "검증"},
    "stock.period_test": {"en": "test", "ko": "테스트"},
    "stock.axis_epoch": {"en": "epoch", "ko": "에포크"},
    "stock.axis_loss": {"en": "MSE (scaled), log scale", "ko": "MSE (정규화), 로그 축"},
    "stock.train_loss": {"en": "training loss", "ko": "학습 손실"},
    "stock.validation_loss": {"en": "validation loss", "ko": "검증 손실"},
    "stock.actual": {"en": "actual close", "ko": "실제 종가"},
    "stock.persistence": {"en": "Persistence (tomorrow = today)", "ko": "지속 예측 (내일 = 오늘)"},
    "stock.results_header": {"en": "Test period: LSTM against persistence", "ko": "테스트 기간: LSTM 대 지속 예측"},
    "stock.results_caption": {
        "en": "Trained on {label}; {epochs} epochs, weights of epoch {best} kept; {parameters} parameters.",
        "ko": "학습 데이터: {label}; {epochs} 에포크, {best}번째 에포크의 가중치 사용; 파라미터 {parameters}개.",
    },
    "stock.verdict_worse": {
        "en": "On this test period the LSTM is {percent} % worse (RMSE) than predicting yesterday's close.",
        "ko": "이 테스트 기간에서 LSTM은 어제 종가로 예측하는 것보다 {percent} % 나쁩니다 (RMSE).",
    },
    "stock.verdict_better": {
        "en": "On this test period the LSTM is {percent} % better (RMSE) than predicting yesterday's close.",
        "ko": "이 테스트 기간에서 LSTM은 어제 종가로 예측하는 것보다 {percent} % 낫습니다 (RMSE).",
    },
    "stock.rmse": {"en": "RMSE (price)", "ko": "RMSE (가격)"},
    "stock.mae": {"en": "MAE (price)", "ko": "MAE (가격)"},
    "stock.direction": {"en": "Direction accuracy", "ko": "방향 정확도"},
    "stock.download_predictions": {"en": "Predictions as CSV", "ko": "예측값 CSV 다운로드"},
    "stock.lesson": {
        "en": "Direction accuracy counts the days where the predicted move (up, or not up) matches the real one; "
              "persistence never predicts up. Near 50 % means no more than a coin flip. A model that tracks the "
              "price closely on the chart can still be no better than persistence: it mostly copies yesterday.",
        "ko": "방향 정확도는 예측한 움직임(상승 또는 상승 아님)이 실제와 맞은 날의 비율입니다. 지속 예측은 "
              "상승을 예측하지 않습니다. 50 % 근처면 동전 던지기와 다를 바 없습니다. 그래프에서 가격을 잘 "
              "따라가는 모델도 지속 예측보다 나을 게 없을 수 있습니다. 대개 어제 값을 베끼기 때문입니다.",
    },
    # ---- data and training errors (codes of rnnviz.errors.RnnvizError) ----------------
    "error.missing_values": {"en": "an empty value in {column} (row {row})", "ko": "{column}에 빈 값이 있습니다 ({row}행)"},
    "error.duplicate_dates": {"en": "the date {row} appears twice", "ko": "날짜 {row}가 두 번 나옵니다"},
    "error.unsorted_dates": {"en": "the dates are out of order", "ko": "날짜 순서가 뒤섞여 있습니다"},
    "error.negative_values": {"en": "prices must be positive and volumes not negative", "ko": "가격은 양수, 거래량은 0 이상이어야 합니다"},
    "error.high_below_low": {"en": "High is below Low on {row}", "ko": "{row}에 고가가 저가보다 낮습니다"},
    "error.too_few_rows": {"en": "only {rows} trading days; at least {minimum} are needed",
                           "ko": "거래일이 {rows}일뿐입니다. 최소 {minimum}일이 필요합니다"},
    "error.no_data": {"en": "no prices for {ticker} in that range: check the symbol and the dates",
                      "ko": "그 기간에 {ticker}의 주가가 없습니다. 종목 코드와 날짜를 확인하세요"},
    "error.wrong_ticker": {"en": "the data holds {found}, not {ticker}", "ko": "데이터에는 {ticker}가 아니라 {found}가 있습니다"},
    "error.missing_columns": {"en": "no column for {columns}", "ko": "{columns} 열이 없습니다"},
    "error.bad_ticker": {"en": "{ticker} is not a ticker symbol (letters, digits, . ^ = -)",
                         "ko": "{ticker}은(는) 종목 코드가 아닙니다 (영문, 숫자, . ^ = -)"},
    "error.bad_range": {"en": "the start ({start}) must be before the end ({end})", "ko": "시작일({start})이 종료일({end})보다 앞서야 합니다"},
    "error.timeout": {"en": "no answer from Yahoo Finance within {seconds} s", "ko": "Yahoo Finance가 {seconds}초 안에 응답하지 않았습니다"},
    "error.rate_limited": {"en": "Yahoo Finance is limiting requests; wait a minute and try again",
                           "ko": "Yahoo Finance가 요청을 제한하고 있습니다. 1분 뒤 다시 시도하세요"},
    "error.unknown_ticker": {"en": "Yahoo Finance does not know {ticker} (or it is delisted)",
                             "ko": "Yahoo Finance에 {ticker}가 없습니다 (또는 상장 폐지)"},
    "error.offline": {"en": "Yahoo Finance could not be reached: no network connection?",
                      "ko": "Yahoo Finance에 연결할 수 없습니다. 네트워크 연결을 확인하세요"},
    "error.download_failed": {"en": "the download failed ({reason})", "ko": "다운로드에 실패했습니다 ({reason})"},
    "error.not_csv": {"en": "this is not a readable CSV table", "ko": "읽을 수 있는 CSV 표가 아닙니다"},
    "error.bad_dates": {"en": "row {row} has no readable date ({value})", "ko": "{row}행의 날짜를 읽을 수 없습니다 ({value})"},
    "error.non_numeric": {"en": "{column} in row {row} is not a number ({value})", "ko": "{row}행의 {column} 값이 숫자가 아닙니다 ({value})"},
    "error.bad_fraction": {"en": "the test fraction must be between 0 and 1", "ko": "테스트 비율은 0과 1 사이여야 합니다"},
    "error.no_test_days": {"en": "the test period would have only {days} days: raise the test fraction",
                           "ko": "테스트 기간이 {days}일뿐입니다. 테스트 비율을 높이세요"},
    "error.window_too_long": {"en": "a window of {window} days leaves too few training samples in {days} training days: "
                                    "shorten the window or use more data",
                              "ko": "구간 {window}일은 학습 기간 {days}일에 비해 너무 길어 학습 표본이 부족합니다. 구간을 "
                                    "줄이거나 더 많은 데이터를 쓰세요"},
    "error.no_validation_days": {"en": "the validation period is empty", "ko": "검증 기간이 비어 있습니다"},
    "error.diverged": {"en": "training stopped at epoch {epoch}: the loss exploded (NaN, infinite, or {factor:g} times that of predicting the average); the "
                             "learning rate {lr:g} is too large. The previous result stays on screen.",
                       "ko": "{epoch}번째 에포크에서 학습을 멈췄습니다: 손실이 폭발했습니다 (NaN, 무한대, 또는 평균으로 예측할 때의 {factor:g}배). "
                             "학습률 {lr:g}이(가) 너무 큽니다. 이전 결과는 화면에 그대로 남습니다."},
    "error.bad_target": {"en": "unknown prediction target", "ko": "알 수 없는 예측 대상입니다"},
    "error.bad_features": {"en": "choose at least one feature", "ko": "특성을 하나 이상 고르세요"},
    "lecture.switch": {"en": "Lecture mode", "ko": "강의 모드"},
    "lecture.help": {
        "en": "Larger text on the page and in every chart, white chart paper: for a projector or slides. Kept in "
              "the link (?lecture=true). Every chart's camera button saves a PNG at 3x (SVG for the diagrams).",
        "ko": "페이지와 모든 차트의 글자를 키우고 차트 배경을 흰색으로: 프로젝터나 슬라이드용입니다. 링크에 "
              "저장됩니다 (?lecture=true). 모든 차트의 카메라 버튼은 3배 크기 PNG(다이어그램은 SVG)로 저장합니다.",
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
