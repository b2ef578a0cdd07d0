<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CacheSummary</name>
    <message>
        <source>%1: %2 samples · %3 layers · %4 heads · taps %5</source>
        <translation>%1: %2 Samples · %3 Schichten · %4 Köpfe · Taps %5</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source> · analysed</source>
        <translation> · analysiert</translation>
    </message>
    <message>
        <source> · not analysed (Run &gt; Analyze Cache)</source>
        <translation> · nicht analysiert (Ausführen &gt; Cache analysieren)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Logit spectroscopy workbench for LLaMa-architecture models.</source>
        <translation>Werkbank für Logit-Spektroskopie von Modellen mit LLaMa-Architektur.</translation>
    </message>
    <message>
        <source>Run this prompt once the model has loaded.</source>
        <translation>Diesen Prompt ausführen, sobald das Modell geladen ist.</translation>
    </message>
    <message>
        <source>Tokens to generate (default 32).</source>
        <translation>Anzahl zu erzeugender Tokens (Vorgabe 32).</translation>
    </message>
    <message>
        <source>User interface language, e.g. de or en.</source>
        <translation>Sprache der Oberfläche, z. B. de oder en.</translation>
    </message>
    <message>
        <source>--steps needs a non-negative number.</source>
        <translation>--steps erwartet eine nicht negative Zahl.</translation>
    </message>
    <message>
        <source>What to open: a model (.bin, .gguf, Hugging Face folder), a cache (.h5) or a session (.spectro). Without one, the start page (the demo is one click).</source>
        <translation>Was geöffnet wird: ein Modell (.bin, .gguf, Hugging-Face-Ordner), ein Cache (.h5) oder eine Sitzung (.spectro). Ohne Angabe die Startseite (die Demo ist einen Klick entfernt).</translation>
    </message>
    <message>
        <source>Open the demo: the demo model, its corpus run into a cache, every view.</source>
        <translation>Die Demo öffnen: das Demo-Modell, sein Korpus in einen Cache gerechnet, jede Ansicht.</translation>
    </message>
    <message>
        <source>Give at most one file.</source>
        <translation>Geben Sie höchstens eine Datei an.</translation>
    </message>
    <message>
        <source>--demo opens the demo model; give no file with it.</source>
        <translation>--demo öffnet das Demo-Modell; geben Sie dazu keine Datei an.</translation>
    </message>
</context>
<context>
    <name>Corpora</name>
    <message>
        <source>Demo stories (held-out TinyStories text, 9 KB)</source>
        <translation>Demo-Geschichten (zurückgehaltener TinyStories-Text, 9 KB)</translation>
    </message>
    <message>
        <source>TinyStories validation stories (text, 794 KB)</source>
        <translation>TinyStories-Validierungsgeschichten (Text, 794 KB)</translation>
    </message>
    <message>
        <source>HumanEval prompts (code, JSONL field prompt)</source>
        <translation>HumanEval-Prompts (Code, JSONL-Feld prompt)</translation>
    </message>
    <message>
        <source>Code Contests solutions (code, JSONL field solution_python)</source>
        <translation>Code-Contests-Lösungen (Code, JSONL-Feld solution_python)</translation>
    </message>
</context>
<context>
    <name>CorpusJobs</name>
    <message>
        <source>no cache file chosen</source>
        <translation>keine Cache-Datei gewählt</translation>
    </message>
    <message>
        <source>the resid tap is needed by every view</source>
        <translation>der resid-Tap wird von jeder Ansicht gebraucht</translation>
    </message>
</context>
<context>
    <name>EngineJobs</name>
    <message>
        <source>the prompt has %1 tokens but the model&apos;s context holds %2</source>
        <translation>der Prompt hat %1 Tokens, der Kontext des Modells fasst aber nur %2</translation>
    </message>
</context>
<context>
    <name>FigureExport</name>
    <message>
        <source>%1: a %2 x %3 pixel image at %4 dpi is too large (at most %5 pixels a side)</source>
        <translation>%1: ein Bild von %2 x %3 Pixeln bei %4 dpi ist zu groß (höchstens %5 Pixel je Seite)</translation>
    </message>
    <message>
        <source>%1: could not render the figure</source>
        <translation>%1: die Abbildung konnte nicht gezeichnet werden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)</source>
        <translation>PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg);;PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>%1: a figure of %2 x %3 cm with %4 pt text is out of range</source>
        <translation>%1: eine Abbildung von %2 x %3 cm mit %4-pt-Schrift liegt außerhalb des zulässigen Bereichs</translation>
    </message>
    <message>
        <source>%1: could not write the figure</source>
        <translation>%1: die Abbildung konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: unknown figure format &quot;%2&quot; (use .pdf, .svg or .png)</source>
        <translation>%1: unbekanntes Abbildungsformat „%2“ (.pdf, .svg oder .png verwenden)</translation>
    </message>
</context>
<context>
    <name>PdfInfo</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not a PDF with an xref table and a trailer</source>
        <translation>%1: kein PDF mit xref-Tabelle und Trailer</translation>
    </message>
    <message>
        <source>%1: the PDF trailer lacks /Size, /Root or startxref</source>
        <translation>%1: dem PDF-Trailer fehlt /Size, /Root oder startxref</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg);;JPEG image (*.jpg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg);;JPEG-Bild (*.jpg)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>PlotStyle</name>
    <message>
        <source>blue and orange series, viridis colour maps</source>
        <translation>blaue und orange Reihen, Viridis-Farbskalen</translation>
    </message>
    <message>
        <source>Okabe-Ito series, cividis colour maps (colour-blind safe)</source>
        <translation>Okabe-Ito-Reihen, Cividis-Farbskalen (für Farbenblinde geeignet)</translation>
    </message>
    <message>
        <source>black and greys, a grey colour map (black-and-white print)</source>
        <translation>Schwarz und Grautöne, eine graue Farbskala (Schwarzweißdruck)</translation>
    </message>
</context>
<context>
    <name>PresenterMode</name>
    <message>
        <source>&amp;Presenter Mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <source>Larger text and thicker lines in every view, for a projector</source>
        <translation>Größere Schrift und dickere Linien in jeder Ansicht, für einen Projektor</translation>
    </message>
</context>
<context>
    <name>Tour</name>
    <message>
        <source>The spectrum and its dark band</source>
        <translation>Das Spektrum und sein dunkles Band</translation>
    </message>
    <message>
        <source>These are the singular values of the unembedding W&lt;sub&gt;u&lt;/sub&gt;, the matrix that turns the last residual vector into next-token logits, largest first and cut into 20 bands. The tinted band 20 is the &lt;b&gt;dark band&lt;/b&gt;: directions W&lt;sub&gt;u&lt;/sub&gt; hardly reads, so what a layer writes there barely changes the prediction. The tour follows what the model keeps in it.</source>
        <translation>Das sind die Singulärwerte des Unembeddings W&lt;sub&gt;u&lt;/sub&gt;, der Matrix, die den letzten Residualvektor in die Logits des nächsten Tokens übersetzt, der größte zuerst und in 20 Bänder geteilt. Das getönte Band 20 ist das &lt;b&gt;dunkle Band&lt;/b&gt;: Richtungen, die W&lt;sub&gt;u&lt;/sub&gt; kaum liest, sodass das, was eine Schicht dort hineinschreibt, die Vorhersage kaum ändert. Die Tour verfolgt, was das Modell darin aufbewahrt.</translation>
    </message>
    <message>
        <source>Who writes into the dark band</source>
        <translation>Wer in das dunkle Band schreibt</translation>
    </message>
    <message>
        <source>Aptitude: how much each unit of a matrix writes into each band of W&lt;sub&gt;u&lt;/sub&gt;; the bars beside it are the dark band&apos;s share, against the level of a matrix spread evenly (dashed, 0.22). Shown: the MLP neurons (W&lt;sub&gt;2&lt;/sub&gt;) of layer 0. Neuron 161 puts 0.85 of its output into the dark band, four times that level. Choose W&lt;sub&gt;o&lt;/sub&gt; in the view: the attention heads stay near it.</source>
        <translation>Eignung: wie stark jede Einheit einer Matrix in jedes Band von W&lt;sub&gt;u&lt;/sub&gt; schreibt; die Balken daneben sind der Anteil des dunklen Bands, verglichen mit dem Niveau einer gleichmäßig verteilten Matrix (gestrichelt, 0,22). Gezeigt: die MLP-Neuronen (W&lt;sub&gt;2&lt;/sub&gt;) von Schicht 0. Neuron 161 legt 0,85 seiner Ausgabe in das dunkle Band, viermal dieses Niveau. Wählen Sie W&lt;sub&gt;o&lt;/sub&gt; in der Ansicht: Die Attention-Köpfe bleiben nahe daran.</translation>
    </message>
    <message>
        <source>The BoS attention sink</source>
        <translation>Die BoS-Attention-Senke</translation>
    </message>
    <message>
        <source>The attention each token receives from later queries in layer 2 (head average): the first bar, the beginning-of-sequence token BoS, takes almost all of it. The sink grid shows every layer and head: in layer 2 all four heads pay 0.93 to 1.00 of their attention to BoS, in layer 1 heads 0 and 1 about half; no head of layers 0 and 3 pays it more than 0.13.</source>
        <translation>Die Attention, die jedes Token in Schicht 2 von späteren Queries erhält (Mittel über die Köpfe): Der erste Balken, das Sequenzanfangs-Token BoS, bekommt fast alles. Das Senken-Raster zeigt jede Schicht und jeden Kopf: In Schicht 2 geben alle vier Köpfe 0,93 bis 1,00 ihrer Attention an BoS, in Schicht 1 die Köpfe 0 und 1 etwa die Hälfte; kein Kopf der Schichten 0 und 3 gibt ihm mehr als 0,13.</translation>
    </message>
    <message>
        <source>The BoS stream&apos;s blast-off</source>
        <translation>Der Start des BoS-Stroms</translation>
    </message>
    <message>
        <source>The norm of the BoS token&apos;s residual stream at every stream, split into its U-dark and U-light parts. Layer 0&apos;s MLP writes a vector of norm 5.1 into BoS, 4.3 of it in the dark band: BoS grows from 0.5 to 5.5 and stays a large, mostly dark vector (the dark ratio view shows its U-dark ratio jump). That is what the sinking heads of layers 1 and 2 find.</source>
        <translation>Die Norm des Residualstroms des BoS-Tokens an jedem Strom, aufgeteilt in den U-dunklen und den U-hellen Teil. Das MLP von Schicht 0 schreibt einen Vektor der Norm 5,1 in BoS, davon 4,3 im dunklen Band: BoS wächst von 0,5 auf 5,5 und bleibt ein großer, überwiegend dunkler Vektor (die Ansicht Dunkelverhältnis zeigt den Sprung seines U-Dunkelverhältnisses). Genau das finden die Senken-Köpfe der Schichten 1 und 2.</translation>
    </message>
    <message>
        <source>Filtering away the dark band</source>
        <translation>Das dunkle Band wegfiltern</translation>
    </message>
    <message>
        <source>The filter lab projects the residual stream at the exit of layer 1 onto the top k bands of W&lt;sub&gt;u&lt;/sub&gt; (Φ&lt;sub&gt;u&lt;/sub&gt;) and runs the rest of the model. At k = 19 only the dark band is gone, and the NLL jumps by 0.36 nats, three times what the next band costs (k = 18: +0.47): the sinking heads lost their BoS. Drag &lt;i&gt;Bands kept k&lt;/i&gt; to see it.</source>
        <translation>Das Filterlabor projiziert den Residualstrom am Ausgang von Schicht 1 auf die obersten k Bänder von W&lt;sub&gt;u&lt;/sub&gt; (Φ&lt;sub&gt;u&lt;/sub&gt;) und rechnet den Rest des Modells. Bei k = 19 fehlt nur das dunkle Band, und die NLL springt um 0,36 nats, dreimal so viel, wie das nächste Band kostet (k = 18: +0,47): Die Senken-Köpfe haben ihr BoS verloren. Ziehen Sie &lt;i&gt;Behaltene Bänder k&lt;/i&gt;, um es zu sehen.</translation>
    </message>
    <message>
        <source>Keeping the dark band</source>
        <translation>Das dunkle Band behalten</translation>
    </message>
    <message>
        <source>Ω&lt;sub&gt;u&lt;/sub&gt; keeps the top k bands &lt;i&gt;and&lt;/i&gt; the dark band. At k = 18 it costs only 0.06 nats, where Φ&lt;sub&gt;u&lt;/sub&gt; costs 0.47: with the dark band the sink survives, and much of the spectrum can go. The Sweep tab fills the whole layer × k grid of both filters and shows their difference.</source>
        <translation>Ω&lt;sub&gt;u&lt;/sub&gt; behält die obersten k Bänder &lt;i&gt;und&lt;/i&gt; das dunkle Band. Bei k = 18 kostet es nur 0,06 nats, wo Φ&lt;sub&gt;u&lt;/sub&gt; 0,47 kostet: Mit dem dunklen Band überlebt die Senke, und ein großer Teil des Spektrums kann weg. Der Reiter Sweep füllt das ganze Raster Schicht × k beider Filter und zeigt ihre Differenz.</translation>
    </message>
    <message>
        <source>The swap</source>
        <translation>Der Tausch</translation>
    </message>
    <message>
        <source>&lt;i&gt;Swap&lt;/i&gt; replaces the removed part by the same part of the next sample instead of deleting it. The BoS stream is the same in every sample (causal masking), so BoS keeps its dark band, and Φ&lt;sub&gt;u&lt;/sub&gt; at k = 19 costs only 0.08 nats instead of 0.36. Deleting the dark band at BoS alone (Positions: BoS only) costs 0.28 again: the dark band&apos;s main job is the sink.</source>
        <translation>&lt;i&gt;Tauschen&lt;/i&gt; ersetzt den entfernten Teil durch denselben Teil des nächsten Samples, statt ihn zu löschen. Der BoS-Strom ist in jedem Sample gleich (kausale Maske), also behält BoS sein dunkles Band, und Φ&lt;sub&gt;u&lt;/sub&gt; bei k = 19 kostet nur 0,08 nats statt 0,36. Das dunkle Band allein an BoS zu löschen (Positionen: nur BoS) kostet wieder 0,28: Die Hauptaufgabe des dunklen Bands ist die Senke.</translation>
    </message>
    <message>
        <source>Generation with the filter</source>
        <translation>Generieren mit dem Filter</translation>
    </message>
    <message>
        <source>The prompt continued greedily without and with Φ&lt;sub&gt;u&lt;/sub&gt; at k = 18 after layer 1, side by side; repeated 4-grams are orange. Without the dark band the model loops (“saw her mom and saw her mom …”). Choose Ω&lt;sub&gt;u&lt;/sub&gt; in the controls and press Generate: far fewer repeats. Leave the tour to explore on your own.</source>
        <translation>Der Prompt, greedy fortgesetzt ohne und mit Φ&lt;sub&gt;u&lt;/sub&gt; bei k = 18 nach Schicht 1, nebeneinander; wiederholte 4-Gramme sind orange. Ohne das dunkle Band dreht sich das Modell im Kreis („saw her mom and saw her mom …“). Wählen Sie Ω&lt;sub&gt;u&lt;/sub&gt; in den Reglern und drücken Sie Generieren: viel weniger Wiederholungen. Verlassen Sie die Tour, um selbst weiterzuforschen.</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Token Strip</source>
        <translation>Token-Streifen</translation>
    </message>
    <message>
        <source>Spectrum</source>
        <translation>Spektrum</translation>
    </message>
    <message>
        <source>Aptitude</source>
        <translation>Eignung</translation>
    </message>
    <message>
        <source>BoS Story</source>
        <translation>BoS-Geschichte</translation>
    </message>
    <message>
        <source>Attention Sinks</source>
        <translation>Attention-Senken</translation>
    </message>
    <message>
        <source>Attention Pattern</source>
        <translation>Attention-Muster</translation>
    </message>
    <message>
        <source>Sink Grid</source>
        <translation>Senken-Raster</translation>
    </message>
    <message>
        <source>Dark Ratio</source>
        <translation>Dunkelverhältnis</translation>
    </message>
    <message>
        <source>Spectrogram</source>
        <translation>Spektrogramm</translation>
    </message>
    <message>
        <source>HMLV</source>
        <translation>HMLV</translation>
    </message>
    <message>
        <source>resid[0] (embeddings)</source>
        <translation>resid[0] (Embeddings)</translation>
    </message>
    <message>
        <source>resid[%1] (exit of layer %2)</source>
        <translation>resid[%1] (Ausgang von Schicht %2)</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Sink Rate</source>
        <translation>Sink-Rate</translation>
    </message>
    <message>
        <source>Massive Activations</source>
        <translation>Massive Aktivierungen</translation>
    </message>
    <message>
        <source>Extreme-Token Triad</source>
        <translation>Extrem-Token-Triade</translation>
    </message>
</context>
<context>
    <name>WorkbenchSource</name>
    <message>
        <source>No cache is open: run a corpus (Run &gt; Run Corpus…) or open a cache</source>
        <translation>Kein Cache geöffnet: Rechnen Sie ein Korpus (Ausführen &gt; Korpus rechnen…) oder öffnen Sie einen Cache</translation>
    </message>
    <message>
        <source>This view needs the model&apos;s weights: open the model</source>
        <translation>Diese Ansicht braucht die Gewichte des Modells: Öffnen Sie das Modell</translation>
    </message>
</context>
<context>
    <name>spectro::gui::AboutDialog</name>
    <message>
        <source>About Spectroscope</source>
        <translation>Über Spectroscope</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (gebaut mit %2)</translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation>libtorch</translation>
    </message>
    <message>
        <source>HDF5</source>
        <translation>HDF5</translation>
    </message>
    <message>
        <source>QCustomPlot</source>
        <translation>QCustomPlot</translation>
    </message>
    <message>
        <source>Compute threads</source>
        <translation>Rechen-Threads</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Spectroscope %1&lt;/h3&gt;&lt;p&gt;A workbench for logit spectroscopy of LLaMa-architecture language models: the spectra of W&lt;sub&gt;u&lt;/sub&gt; and W&lt;sub&gt;e&lt;/sub&gt;, dark signals, attention sinks and the BoS story, in linked views (N. Cancedda, &lt;i&gt;Spectral Filters, Dark Signals, and Attention Sinks&lt;/i&gt;, ACL 2024).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Spectroscope %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Logit-Spektroskopie von Sprachmodellen mit LLaMa-Architektur: die Spektren von W&lt;sub&gt;u&lt;/sub&gt; und W&lt;sub&gt;e&lt;/sub&gt;, dunkle Signale, Attention-Senken und die BoS-Geschichte, in verknüpften Ansichten (N. Cancedda, &lt;i&gt;Spectral Filters, Dark Signals, and Attention Sinks&lt;/i&gt;, ACL 2024).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Copy Versions</source>
        <translation>Versionen kopieren</translation>
    </message>
    <message>
        <source>Copy the versions to the clipboard, for a bug report</source>
        <translation>Die Versionen in die Zwischenablage kopieren, für einen Fehlerbericht</translation>
    </message>
</context>
<context>
    <name>spectro::gui::CorpusDialog</name>
    <message>
        <source>Run Corpus</source>
        <translation>Korpus rechnen</translation>
    </message>
    <message>
        <source>Other file…</source>
        <translation>Andere Datei…</translation>
    </message>
    <message>
        <source>The text to run: the demo corpus, the shared stories and code corpora, or a file of yours</source>
        <translation>Der zu rechnende Text: das Demo-Korpus, die gemeinsamen Geschichten- und Code-Korpora oder eine eigene Datei</translation>
    </message>
    <message>
        <source>A plain text file (cut into windows of the token limit) or a JSON-lines file</source>
        <translation>Eine reine Textdatei (in Fenster der Token-Grenze geschnitten) oder eine JSON-Lines-Datei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a .txt or .jsonl file</source>
        <translation>Eine .txt- oder .jsonl-Datei wählen</translation>
    </message>
    <message>
        <source>&amp;Corpus:</source>
        <translation>&amp;Korpus:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>JSON lines: the string field of each line that holds the sample&apos;s text</source>
        <translation>JSON Lines: das Textfeld jeder Zeile, das den Text des Samples enthält</translation>
    </message>
    <message>
        <source>JSON &amp;field:</source>
        <translation>JSON-&amp;Feld:</translation>
    </message>
    <message>
        <source>At most this many samples (text files: consecutive windows; JSON lines: one per line)</source>
        <translation>Höchstens so viele Samples (Textdateien: aufeinanderfolgende Fenster; JSON Lines: eines pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Samples:</source>
        <translation>&amp;Samples:</translation>
    </message>
    <message>
        <source>Tokens per sample, BoS included (at most the model&apos;s context, %1)</source>
        <translation>Tokens pro Sample, BoS eingeschlossen (höchstens der Kontext des Modells, %1)</translation>
    </message>
    <message>
        <source>&amp;Tokens per sample:</source>
        <translation>&amp;Tokens pro Sample:</translation>
    </message>
    <message>
        <source>resid (residual streams)</source>
        <translation>resid (Residualströme)</translation>
    </message>
    <message>
        <source>Always stored: every U-dark, spectrogram and BoS view needs it</source>
        <translation>Immer gespeichert: Jede U-Dunkel-, Spektrogramm- und BoS-Ansicht braucht ihn</translation>
    </message>
    <message>
        <source>attn (attention probabilities)</source>
        <translation>attn (Attention-Wahrscheinlichkeiten)</translation>
    </message>
    <message>
        <source>Attention sinks, attention pattern, sink grid and HMLV need it; [L, H, T, T] per sample</source>
        <translation>Attention-Senken, Attention-Muster, Senken-Raster und HMLV brauchen ihn; [L, H, T, T] pro Sample</translation>
    </message>
    <message>
        <source>attn_out (attention outputs)</source>
        <translation>attn_out (Attention-Ausgaben)</translation>
    </message>
    <message>
        <source>The BoS story&apos;s attention contributions need it</source>
        <translation>Die Attention-Beiträge der BoS-Geschichte brauchen ihn</translation>
    </message>
    <message>
        <source>mlp_out (MLP outputs)</source>
        <translation>mlp_out (MLP-Ausgaben)</translation>
    </message>
    <message>
        <source>The BoS story&apos;s MLP contributions need it</source>
        <translation>Die MLP-Beiträge der BoS-Geschichte brauchen ihn</translation>
    </message>
    <message>
        <source>resid_mid (after the attention add)</source>
        <translation>resid_mid (nach der Attention-Addition)</translation>
    </message>
    <message>
        <source>Optional: the stream between attention and MLP</source>
        <translation>Optional: der Strom zwischen Attention und MLP</translation>
    </message>
    <message>
        <source>logits</source>
        <translation>Logits</translation>
    </message>
    <message>
        <source>Optional and large ([T, V] per sample); the NLL is stored without it</source>
        <translation>Optional und groß ([T, V] pro Sample); die NLL wird auch ohne ihn gespeichert</translation>
    </message>
    <message>
        <source>Taps:</source>
        <translation>Taps:</translation>
    </message>
    <message>
        <source>float32 (exact)</source>
        <translation>float32 (exakt)</translation>
    </message>
    <message>
        <source>bfloat16 (half the size, float32&apos;s range)</source>
        <translation>bfloat16 (halbe Größe, Wertebereich von float32)</translation>
    </message>
    <message>
        <source>float16 (half the size, overflows above 65504)</source>
        <translation>float16 (halbe Größe, läuft über 65504 über)</translation>
    </message>
    <message>
        <source>How float taps are stored; readers always get float32 back</source>
        <translation>Wie Gleitkomma-Taps gespeichert werden; beim Lesen kommt immer float32 zurück</translation>
    </message>
    <message>
        <source>S&amp;torage:</source>
        <translation>S&amp;peicherung:</translation>
    </message>
    <message>
        <source>The cache to write; an existing cache of the same model and options is extended with the samples it lacks (an interrupted run resumes)</source>
        <translation>Der zu schreibende Cache; ein vorhandener Cache desselben Modells mit denselben Optionen wird um die fehlenden Samples ergänzt (ein unterbrochener Lauf wird fortgesetzt)</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Choose where the cache (.h5) goes</source>
        <translation>Wählen, wohin der Cache (.h5) geschrieben wird</translation>
    </message>
    <message>
        <source>Cac&amp;he:</source>
        <translation>Cac&amp;he:</translation>
    </message>
    <message>
        <source>Replace an existing cache of other options</source>
        <translation>Einen vorhandenen Cache mit anderen Optionen ersetzen</translation>
    </message>
    <message>
        <source>Without this, a cache made with other weights or options is refused, never overwritten</source>
        <translation>Ohne dies wird ein Cache mit anderen Gewichten oder Optionen abgelehnt, nie überschrieben</translation>
    </message>
    <message>
        <source>Analyse after the run (U-dark ratios, spectrograms, HMLV)</source>
        <translation>Nach dem Lauf analysieren (U-Dunkelverhältnisse, Spektrogramme, HMLV)</translation>
    </message>
    <message>
        <source>What spectroscope-cli analyze does; the dark-signal views need it</source>
        <translation>Was spectroscope-cli analyze tut; die Ansichten der dunklen Signale brauchen es</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Rechnen</translation>
    </message>
    <message>
        <source>Run the samples into the cache; Cancel in the status bar stops it</source>
        <translation>Die Samples in den Cache rechnen; Abbrechen in der Statusleiste hält es an</translation>
    </message>
    <message>
        <source>Choose Corpus</source>
        <translation>Korpus wählen</translation>
    </message>
    <message>
        <source>Text and JSON lines (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>Text und JSON Lines (*.txt *.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cache File</source>
        <translation>Cache-Datei</translation>
    </message>
    <message>
        <source>HDF5 caches (*.h5)</source>
        <translation>HDF5-Caches (*.h5)</translation>
    </message>
    <message>
        <source>The cache takes at most %1 (%2 samples of %3 tokens); an existing cache of the same options is extended, and only the samples it lacks are computed.</source>
        <translation>Der Cache belegt höchstens %1 (%2 Samples zu %3 Tokens); ein vorhandener Cache mit denselben Optionen wird ergänzt, und nur die fehlenden Samples werden berechnet.</translation>
    </message>
    <message>
        <source>%1 free in %2.</source>
        <translation>%1 frei in %2.</translation>
    </message>
    <message>
        <source>Not enough free disk.</source>
        <translation>Nicht genug freier Speicherplatz.</translation>
    </message>
</context>
<context>
    <name>spectro::gui::EngineController</name>
    <message>
        <source>Loading %1</source>
        <translation>Lade %1</translation>
    </message>
    <message>
        <source>Running prompt</source>
        <translation>Prompt wird ausgeführt</translation>
    </message>
    <message>
        <source>No model is loaded; open one with File &gt; Open Model…</source>
        <translation>Kein Modell geladen; öffnen Sie eines mit Datei &gt; Modell öffnen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Unexpected error in the engine thread</source>
        <translation>Unerwarteter Fehler im Rechen-Thread</translation>
    </message>
    <message>
        <source>Running %1</source>
        <translation>Rechne %1</translation>
    </message>
    <message>
        <source>Analysing %1</source>
        <translation>Analysiere %1</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FigureLoader</name>
    <message>
        <source>Unexpected error while building the figure</source>
        <translation>Unerwarteter Fehler beim Erstellen der Abbildung</translation>
    </message>
    <message>
        <source>The figure could not be built</source>
        <translation>Die Abbildung konnte nicht erstellt werden</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabControls</name>
    <message>
        <source>none (unfiltered)</source>
        <translation>keiner (ungefiltert)</translation>
    </message>
    <message>
        <source>Φ_u: top k bands of W_u</source>
        <translation>Φ_u: oberste k Bänder von W_u</translation>
    </message>
    <message>
        <source>Φ_e: top k bands of W_e</source>
        <translation>Φ_e: oberste k Bänder von W_e</translation>
    </message>
    <message>
        <source>Ψ: drop what is dark for W_u and W_e</source>
        <translation>Ψ: entfernt, was für W_u und W_e dunkel ist</translation>
    </message>
    <message>
        <source>Ω_u: top k bands and the dark band of W_u</source>
        <translation>Ω_u: oberste k Bänder und das dunkle Band von W_u</translation>
    </message>
    <message>
        <source>Ω_e: top k bands and the dark band of W_e</source>
        <translation>Ω_e: oberste k Bänder und das dunkle Band von W_e</translation>
    </message>
    <message>
        <source>random subspace (seeded, same dimension)</source>
        <translation>zufälliger Unterraum (mit Seed, gleiche Dimension)</translation>
    </message>
    <message>
        <source>band set of W_u (mixer)</source>
        <translation>Bandmenge von W_u (Mischpult)</translation>
    </message>
    <message>
        <source>band set of W_e (mixer)</source>
        <translation>Bandmenge von W_e (Mischpult)</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>k: the number of bands kept, from all bands (unfiltered) down to none; drag it</source>
        <translation>k: die Zahl der behaltenen Bänder, von allen (ungefiltert) bis keinem; ziehen Sie den Regler</translation>
    </message>
    <message>
        <source>Bands kept k:</source>
        <translation>Behaltene Bänder k:</translation>
    </message>
    <message>
        <source>Bands kept (S: solo, M: mute):</source>
        <translation>Behaltene Bänder (S: solo, M: stumm):</translation>
    </message>
    <message>
        <source>residual stream (exit of the layer)</source>
        <translation>Residualstrom (Ausgang der Schicht)</translation>
    </message>
    <message>
        <source>MLP output</source>
        <translation>MLP-Ausgabe</translation>
    </message>
    <message>
        <source>attention output</source>
        <translation>Attention-Ausgabe</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>The layer whose exit is filtered, or several filtered together: 1, or 0,2-4</source>
        <translation>Die Schicht, deren Ausgang gefiltert wird, oder mehrere zusammen: 1 oder 0,2-4</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>Schichten:</translation>
    </message>
    <message>
        <source>every position</source>
        <translation>jede Position</translation>
    </message>
    <message>
        <source>BoS only (position 0)</source>
        <translation>nur BoS (Position 0)</translation>
    </message>
    <message>
        <source>every position but BoS</source>
        <translation>jede Position außer BoS</translation>
    </message>
    <message>
        <source>Positions:</source>
        <translation>Positionen:</translation>
    </message>
    <message>
        <source>Swap: replace the removed part by the next sample&apos;s</source>
        <translation>Tauschen: den entfernten Teil durch den des nächsten Samples ersetzen</translation>
    </message>
    <message>
        <source>Instead of deleting (I - F) x, take it from sample i + 1 at the same position and layer (the paper&apos;s swap experiment; samples are cut to a common length)</source>
        <translation>Statt (I - F) x zu löschen, wird es aus Sample i + 1 an derselben Position und Schicht genommen (das Tausch-Experiment des Artikels; die Samples werden auf eine gemeinsame Länge gekürzt)</translation>
    </message>
    <message>
        <source>Seed of the random subspace</source>
        <translation>Seed des zufälligen Unterraums</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>%1 bands</source>
        <translation>%1 Bänder</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>control: BoS stream set to zero</source>
        <translation>Kontrolle: BoS-Strom auf null gesetzt</translation>
    </message>
    <message>
        <source>control: BoS stream set to its mean over samples</source>
        <translation>Kontrolle: BoS-Strom auf seinen Mittelwert über die Stichproben gesetzt</translation>
    </message>
    <message>
        <source>control: BoS stream set to the mean token&apos;s</source>
        <translation>Kontrolle: BoS-Strom auf den des mittleren Tokens gesetzt</translation>
    </message>
    <message>
        <source>control: massive activations set to zero</source>
        <translation>Kontrolle: massive Aktivierungen auf null gesetzt</translation>
    </message>
    <message>
        <source>control: massive activations set to their mean</source>
        <translation>Kontrolle: massive Aktivierungen auf ihren Mittelwert gesetzt</translation>
    </message>
    <message>
        <source>control: massive activations set to their channel&apos;s mean</source>
        <translation>Kontrolle: massive Aktivierungen auf den Mittelwert ihres Kanals gesetzt</translation>
    </message>
    <message>
        <source>Sun et al. 2024: at the exit of the chosen layers, on the residual stream; set to mean is harmless, set to zero is catastrophic</source>
        <translation>Sun et al. 2024: am Ausgang der gewählten Schichten, auf dem Residualstrom; auf den Mittelwert gesetzt ist harmlos, auf null gesetzt katastrophal</translation>
    </message>
    <message>
        <source>The spectral filter applied at the exit of the chosen layers (paper, §4), or a sink control</source>
        <translation>Der Spektralfilter am Ausgang der gewählten Schichten (Artikel, §4) oder eine Sink-Kontrolle</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabGenerationPane</name>
    <message>
        <source>The prompt both continuations start from (BoS is added)</source>
        <translation>Der Prompt, von dem beide Fortsetzungen ausgehen (BoS wird vorangestellt)</translation>
    </message>
    <message>
        <source>Tokens to generate</source>
        <translation>Zu erzeugende Tokens</translation>
    </message>
    <message>
        <source>0: greedy; above 0: sampled with the seed (both continuations draw the same random numbers)</source>
        <translation>0: greedy; über 0: gesampelt mit dem Seed (beide Fortsetzungen ziehen dieselben Zufallszahlen)</translation>
    </message>
    <message>
        <source>Seed of the sampling</source>
        <translation>Seed des Samplings</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Continue the prompt without and with the filter, side by side</source>
        <translation>Den Prompt ohne und mit dem Filter fortsetzen, nebeneinander</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generiere…</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabMixer</name>
    <message>
        <source>Band %1: the dark band (smallest singular values)</source>
        <translation>Band %1: das dunkle Band (kleinste Singulärwerte)</translation>
    </message>
    <message>
        <source>Band %1 of %2 (1 = largest singular values)</source>
        <translation>Band %1 von %2 (1 = größte Singulärwerte)</translation>
    </message>
    <message>
        <source>Solo band %1: keep only the soloed bands</source>
        <translation>Band %1 solo: nur die Solo-Bänder behalten</translation>
    </message>
    <message>
        <source>Mute band %1: remove it from the bands the filter keeps</source>
        <translation>Band %1 stumm: aus den Bändern entfernen, die der Filter behält</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabPanel</name>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Back to the previous filter setting and its result (Ctrl+Z); a drag is one step</source>
        <translation>Zurück zur vorigen Filtereinstellung und ihrem Ergebnis (Strg+Z); ein Ziehen ist ein Schritt</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Forward again (Ctrl+Shift+Z)</source>
        <translation>Wieder vor (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the unfiltered model (keeps site and layers)</source>
        <translation>Zurück zum ungefilterten Modell (Ort und Schichten bleiben)</translation>
    </message>
    <message>
        <source>How many of the cache&apos;s samples are re-filtered (the NLL is their token-weighted mean)</source>
        <translation>Wie viele Samples des Caches neu gefiltert werden (die NLL ist ihr nach Tokens gewichtetes Mittel)</translation>
    </message>
    <message>
        <source>Samples:</source>
        <translation>Samples:</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Preparing the filter lab: %1 (%2%)</source>
        <translation>Filterlabor wird vorbereitet: %1 (%2 %)</translation>
    </message>
    <message>
        <source>Open a model and a cache with the resid tap (Run ▸ Run Corpus…) to use the filter lab.</source>
        <translation>Öffnen Sie ein Modell und einen Cache mit dem resid-Tap (Ausführen ▸ Korpus rechnen…), um das Filterlabor zu benutzen.</translation>
    </message>
    <message>
        <source>The filter lab re-runs the model: open the model that made the cache.</source>
        <translation>Das Filterlabor rechnet das Modell erneut: Öffnen Sie das Modell, das den Cache erzeugt hat.</translation>
    </message>
    <message>
        <source>Run a corpus with the resid tap (Run ▸ Run Corpus…) to give the filter lab its samples.</source>
        <translation>Rechnen Sie ein Korpus mit dem resid-Tap (Ausführen ▸ Korpus rechnen…), um dem Filterlabor seine Samples zu geben.</translation>
    </message>
    <message>
        <source>Preparing the filter lab…</source>
        <translation>Filterlabor wird vorbereitet…</translation>
    </message>
    <message>
        <source>%1 samples, %2 predicted tokens, unfiltered NLL %3</source>
        <translation>%1 Samples, %2 vorhergesagte Tokens, ungefilterte NLL %3</translation>
    </message>
    <message>
        <source>NLL %1 (%2%3 over the unfiltered model), re-filtered in %4 ms</source>
        <translation>NLL %1 (%2%3 gegenüber dem ungefilterten Modell), neu gefiltert in %4 ms</translation>
    </message>
    <message>
        <source>Re-filtering…</source>
        <translation>Filtere neu…</translation>
    </message>
    <message>
        <source>The session&apos;s filter lab setting was not used: %1</source>
        <translation>Die Filterlabor-Einstellung der Sitzung wurde nicht verwendet: %1</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Strom</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabStreamPane</name>
    <message>
        <source>The stream the spectrogram shows: 0 = embeddings, l + 1 = exit of layer l (or click the dark-ratio heatmap)</source>
        <translation>Der Strom, den das Spektrogramm zeigt: 0 = Einbettungen, l + 1 = Ausgang von Schicht l (oder in die Heatmap des Dunkelverhältnisses klicken)</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>Strom:</translation>
    </message>
    <message>
        <source>Open a model and a cache with the resid tap to see the filtered stream.</source>
        <translation>Öffnen Sie ein Modell und einen Cache mit dem resid-Tap, um den gefilterten Strom zu sehen.</translation>
    </message>
    <message>
        <source>Preparing the filter lab…</source>
        <translation>Filterlabor wird vorbereitet…</translation>
    </message>
    <message>
        <source>Move the band slider: the U-dark ratio and spectrogram of the filtered stream show here.</source>
        <translation>Bewegen Sie den Bandregler: Hier erscheinen U-Dunkelverhältnis und Spektrogramm des gefilterten Stroms.</translation>
    </message>
    <message>
        <source>the embeddings</source>
        <translation>die Einbettungen</translation>
    </message>
    <message>
        <source>the exit of layer %1</source>
        <translation>der Ausgang von Schicht %1</translation>
    </message>
    <message>
        <source> (before the filter: unchanged)</source>
        <translation> (vor dem Filter: unverändert)</translation>
    </message>
    <message>
        <source>Stream %1, %2%3. Mean U-dark ratio, unfiltered → filtered: sample %4: %5 → %6; all %7 samples: %8 → %9</source>
        <translation>Strom %1, %2%3. Mittleres U-Dunkelverhältnis, ungefiltert → gefiltert: Sample %4: %5 → %6; alle %7 Samples: %8 → %9</translation>
    </message>
    <message>
        <source>The filtered stream cannot be measured: %1</source>
        <translation>Der gefilterte Strom kann nicht gemessen werden: %1</translation>
    </message>
    <message>
        <source>Measuring the filtered stream…</source>
        <translation>Der gefilterte Strom wird gemessen…</translation>
    </message>
</context>
<context>
    <name>spectro::gui::FilterLabSweepPane</name>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>NLL for every layer and every k with the chosen filter, site, positions and swap, in the background; slider moves go first. Stored in the cache.</source>
        <translation>NLL für jede Schicht und jedes k mit dem gewählten Filter, Ort, Positionen und Tausch, im Hintergrund; Reglerbewegungen gehen vor. Im Cache gespeichert.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the sweep; the finished cells are kept (and stored)</source>
        <translation>Den Sweep anhalten; die fertigen Zellen bleiben erhalten (und gespeichert)</translation>
    </message>
    <message>
        <source>A second sweep, shown beside the first or subtracted from it</source>
        <translation>Ein zweiter Sweep, neben dem ersten gezeigt oder von ihm abgezogen</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Show the chosen sweep minus the second one (same layers and k)</source>
        <translation>Den gewählten Sweep minus den zweiten zeigen (gleiche Schichten und k)</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Sweep %1 cancelled: %2 of %3 cells kept</source>
        <translation>Sweep %1 abgebrochen: %2 von %3 Zellen behalten</translation>
    </message>
    <message>
        <source>Sweep %1 finished</source>
        <translation>Sweep %1 fertig</translation>
    </message>
    <message>
        <source> (in the cache)</source>
        <translation> (im Cache)</translation>
    </message>
    <message>
        <source>; not stored: %1</source>
        <translation>; nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Sweep %1 over every layer and k</source>
        <translation>Sweep %1 über jede Schicht und jedes k</translation>
    </message>
    <message>
        <source>A band set or no filter has no k to sweep: choose Phi, Psi, Omega or random</source>
        <translation>Eine Bandmenge oder kein Filter hat kein k für einen Sweep: Wählen Sie Phi, Psi, Omega oder Zufall</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>No %1 sweep yet: press Sweep.</source>
        <translation>Noch kein Sweep %1: Drücken Sie Sweep.</translation>
    </message>
    <message>
        <source>Choose Phi, Psi, Omega or random to sweep over k.</source>
        <translation>Wählen Sie Phi, Psi, Omega oder Zufall für einen Sweep über k.</translation>
    </message>
</context>
<context>
    <name>spectro::gui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Model File…</source>
        <translation>Modelldatei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a llama2.c .bin or GGUF checkpoint</source>
        <translation>Einen llama2.c-.bin- oder GGUF-Checkpoint öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Hugging Face Folder…</source>
        <translation>&amp;Hugging-Face-Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open a folder with config.json and safetensors weights</source>
        <translation>Einen Ordner mit config.json und safetensors-Gewichten öffnen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Spectroscope</source>
        <translation>Ü&amp;ber Spectroscope</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Prompt: %1 tokens, %2 generated in %3 s</source>
        <translation>Prompt: %1 Tokens, %2 erzeugt in %3 s</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Open Model File</source>
        <translation>Modelldatei öffnen</translation>
    </message>
    <message>
        <source>Model checkpoints (*.bin *.gguf);;llama2.c checkpoints (*.bin);;GGUF files (*.gguf);;All files (*)</source>
        <translation>Modell-Checkpoints (*.bin *.gguf);;llama2.c-Checkpoints (*.bin);;GGUF-Dateien (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Hugging Face Folder</source>
        <translation>Hugging-Face-Ordner öffnen</translation>
    </message>
    <message>
        <source>Loaded %1 in %2 s</source>
        <translation>%1 in %2 s geladen</translation>
    </message>
    <message>
        <source>Spectroscope</source>
        <translation>Spectroscope</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>Keine zuletzt benutzten Modelle</translation>
    </message>
    <message>
        <source>No recent sessions</source>
        <translation>Keine zuletzt benutzten Sitzungen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Filter Lab</source>
        <translation>Filterlabor</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Open &amp;Cache…</source>
        <translation>&amp;Cache öffnen…</translation>
    </message>
    <message>
        <source>Open a tap cache (.h5); the views it can feed need no model</source>
        <translation>Einen Tap-Cache (.h5) öffnen; die Ansichten, die er speist, brauchen kein Modell</translation>
    </message>
    <message>
        <source>Open &amp;Recent Model</source>
        <translation>&amp;Zuletzt benutztes Modell öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>&amp;Sitzung öffnen…</translation>
    </message>
    <message>
        <source>Open a .spectro session: model, cache, selection, layout</source>
        <translation>Eine .spectro-Sitzung öffnen: Modell, Cache, Auswahl, Anordnung</translation>
    </message>
    <message>
        <source>Recent S&amp;essions</source>
        <translation>Zuletzt benutzte Sitzung&amp;en</translation>
    </message>
    <message>
        <source>Sa&amp;ve Session</source>
        <translation>Sitzung s&amp;peichern</translation>
    </message>
    <message>
        <source>Save the model, cache, selection, layout and view settings</source>
        <translation>Modell, Cache, Auswahl, Anordnung und Ansichtseinstellungen speichern</translation>
    </message>
    <message>
        <source>Save Session &amp;As…</source>
        <translation>Sitzung speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Run &amp;Corpus…</source>
        <translation>&amp;Korpus rechnen…</translation>
    </message>
    <message>
        <source>Run a text or JSON-lines corpus through the model into a cache</source>
        <translation>Ein Text- oder JSON-Lines-Korpus durch das Modell in einen Cache rechnen</translation>
    </message>
    <message>
        <source>&amp;Analyze Cache</source>
        <translation>Cache &amp;analysieren</translation>
    </message>
    <message>
        <source>Compute U-dark ratios, spectrograms and HMLV flags for the open cache</source>
        <translation>U-Dunkelverhältnisse, Spektrogramme und HMLV-Markierungen für den offenen Cache berechnen</translation>
    </message>
    <message>
        <source>Open the &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <source>The demo model and its corpus, run into a cache</source>
        <translation>Das Demo-Modell und sein Korpus, in einen Cache gerechnet</translation>
    </message>
    <message>
        <source>&amp;Filter Lab</source>
        <translation>&amp;Filterlabor</translation>
    </message>
    <message>
        <source>Drag a band slider and watch the NLL, per token, as you drag</source>
        <translation>Einen Bandregler ziehen und die NLL pro Token beim Ziehen verfolgen</translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Put every view back in its default place</source>
        <translation>Jede Ansicht an ihren Standardplatz zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Unlock Selection</source>
        <translation>Auswahl &amp;freigeben</translation>
    </message>
    <message>
        <source>Release the locked selection, so that hovering previews again</source>
        <translation>Die gesperrte Auswahl freigeben, damit Überfahren wieder eine Vorschau zeigt</translation>
    </message>
    <message>
        <source>Guided &amp;Tour</source>
        <translation>Geführte &amp;Tour</translation>
    </message>
    <message>
        <source>The paper&apos;s main finding on the demo model, step by step</source>
        <translation>Das Hauptergebnis des Artikels am Demo-Modell, Schritt für Schritt</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Open docs/user-guide.md, which describes every view</source>
        <translation>docs/user-guide.md öffnen, das jede Ansicht beschreibt</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>The language changes when Spectroscope starts the next time</source>
        <translation>Die Sprache ändert sich beim nächsten Start von Spectroscope</translation>
    </message>
    <message>
        <source>The user guide (user-guide.md) is not installed</source>
        <translation>Das Benutzerhandbuch (user-guide.md) ist nicht installiert</translation>
    </message>
    <message>
        <source>No application opens %1</source>
        <translation>Kein Programm öffnet %1</translation>
    </message>
    <message>
        <source>Guided Tour</source>
        <translation>Geführte Tour</translation>
    </message>
    <message>
        <source>The guided tour needs the demo model and the demo corpus, which are not installed</source>
        <translation>Die geführte Tour braucht das Demo-Modell und das Demo-Korpus, die nicht installiert sind</translation>
    </message>
    <message>
        <source>Cache made by %1; open that model for the views that need weights</source>
        <translation>Cache erzeugt von %1; öffnen Sie dieses Modell für die Ansichten, die Gewichte brauchen</translation>
    </message>
    <message>
        <source>The demo model or the demo corpus is not installed</source>
        <translation>Das Demo-Modell oder das Demo-Korpus ist nicht installiert</translation>
    </message>
    <message>
        <source>Open Cache</source>
        <translation>Cache öffnen</translation>
    </message>
    <message>
        <source>Spectroscope caches (*.h5);;All files (*)</source>
        <translation>Spectroscope-Caches (*.h5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Spectroscope sessions (*.spectro);;All files (*)</source>
        <translation>Spectroscope-Sitzungen (*.spectro);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Spectroscope sessions (*.spectro)</source>
        <translation>Spectroscope-Sitzungen (*.spectro)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source> — no tokenizer found, prompts and runs are disabled</source>
        <translation> — kein Tokenizer gefunden, Prompts und Läufe sind deaktiviert</translation>
    </message>
    <message>
        <source>Spectroscope[*]</source>
        <translation>Spectroscope[*]</translation>
    </message>
    <message>
        <source>%1[*] — Spectroscope</source>
        <translation>%1[*] — Spectroscope</translation>
    </message>
    <message>
        <source>Save the changes to the session %1?</source>
        <translation>Die Änderungen an der Sitzung %1 speichern?</translation>
    </message>
</context>
<context>
    <name>spectro::gui::ModelPanel</name>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Stored dtype</source>
        <translation>Gespeicherter Datentyp</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Width (dim)</source>
        <translation>Breite (dim)</translation>
    </message>
    <message>
        <source>Hidden dim (SwiGLU)</source>
        <translation>Innere Breite (SwiGLU)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Köpfe</translation>
    </message>
    <message>
        <source>head dim %1</source>
        <translation>Kopfbreite %1</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV-Köpfe</translation>
    </message>
    <message>
        <source>grouped-query attention</source>
        <translation>Grouped-Query-Attention</translation>
    </message>
    <message>
        <source>multi-head attention</source>
        <translation>Multi-Head-Attention</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>RoPE theta</source>
        <translation>RoPE-Theta</translation>
    </message>
    <message>
        <source>Norm eps</source>
        <translation>Norm-Epsilon</translation>
    </message>
    <message>
        <source>Tied embeddings</source>
        <translation>Gekoppelte Embeddings</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>keiner gefunden</translation>
    </message>
</context>
<context>
    <name>spectro::gui::NoticeBar</name>
    <message>
        <source>Dismiss this notice</source>
        <translation>Diesen Hinweis schließen</translation>
    </message>
</context>
<context>
    <name>spectro::gui::PromptPanel</name>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>Type a prompt, e.g. Once upon a time</source>
        <translation>Prompt eingeben, z. B. Once upon a time</translation>
    </message>
    <message>
        <source>&amp;Steps:</source>
        <translation>&amp;Schritte:</translation>
    </message>
    <message>
        <source>Number of tokens to generate greedily</source>
        <translation>Anzahl der per Greedy-Decoding zu erzeugenden Tokens</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Run the prompt through the model (Enter)</source>
        <translation>Den Prompt durch das Modell schicken (Eingabetaste)</translation>
    </message>
    <message>
        <source>Greedy continuation</source>
        <translation>Greedy-Fortsetzung</translation>
    </message>
    <message>
        <source>Next token after the prompt</source>
        <translation>Nächstes Token nach dem Prompt</translation>
    </message>
    <message>
        <source>Top-%1 next-token probabilities (last prompt position)</source>
        <translation>Top-%1-Wahrscheinlichkeiten des nächsten Tokens (letzte Prompt-Position)</translation>
    </message>
    <message>
        <source>The prompt&apos;s tokens appear here after a run.</source>
        <translation>Die Tokens des Prompts erscheinen hier nach einem Lauf.</translation>
    </message>
    <message>
        <source>Prompt tokens (%1):</source>
        <translation>Prompt-Tokens (%1):</translation>
    </message>
    <message>
        <source>Generated tokens: %1</source>
        <translation>Erzeugte Tokens: %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>stopped at the model&apos;s context limit</source>
        <translation>an der Kontextgrenze des Modells angehalten</translation>
    </message>
</context>
<context>
    <name>spectro::gui::RecentFiles</name>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>spectro::gui::RunActions</name>
    <message>
        <source>Running %1 samples of up to %2 tokens into %3: about %4 MiB</source>
        <translation>Rechne %1 Samples zu bis zu %2 Tokens in %3: etwa %4 MiB</translation>
    </message>
    <message>
        <source> (%1 already in the cache)</source>
        <translation> (%1 schon im Cache)</translation>
    </message>
    <message>
        <source>%1 holds all %2 samples already</source>
        <translation>%1 enthält schon alle %2 Samples</translation>
    </message>
    <message>
        <source>Analysed %1</source>
        <translation>%1 analysiert</translation>
    </message>
    <message>
        <source>Open a model first (File &gt; Open Model…): a corpus runs through a model</source>
        <translation>Öffnen Sie zuerst ein Modell (Datei &gt; Modell öffnen…): Ein Korpus wird durch ein Modell gerechnet</translation>
    </message>
    <message>
        <source>Open a cache first (File &gt; Open Cache…)</source>
        <translation>Öffnen Sie zuerst einen Cache (Datei &gt; Cache öffnen…)</translation>
    </message>
    <message>
        <source>%1 of %2 samples in %3</source>
        <translation>%1 von %2 Samples in %3</translation>
    </message>
    <message>
        <source>%1: %2 samples (%3 computed, %4 reused), mean NLL %5 nats, %6 s</source>
        <translation>%1: %2 Samples (%3 berechnet, %4 wiederverwendet), mittlere NLL %5 nats, %6 s</translation>
    </message>
</context>
<context>
    <name>spectro::gui::SelectionBar</name>
    <message>
        <source>&amp;Sample:</source>
        <translation>&amp;Sample:</translation>
    </message>
    <message>
        <source>The sample of the cache every view shows</source>
        <translation>Das Sample des Caches, das jede Ansicht zeigt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>To&amp;ken:</source>
        <translation>To&amp;ken:</translation>
    </message>
    <message>
        <source>The selected token (position in the sample, 0 = BoS); click a token in any view</source>
        <translation>Das gewählte Token (Position im Sample, 0 = BoS); klicken Sie in einer beliebigen Ansicht auf ein Token</translation>
    </message>
    <message>
        <source>&amp;Layer:</source>
        <translation>Sc&amp;hicht:</translation>
    </message>
    <message>
        <source>The layer of the attention and aptitude views; the residual stream resid[s] of the stream views (0 = embeddings, s = exit of layer s-1)</source>
        <translation>Die Schicht der Attention- und Eignungsansichten; der Residualstrom resid[s] der Stromansichten (0 = Embeddings, s = Ausgang von Schicht s-1)</translation>
    </message>
    <message>
        <source>&amp;Head:</source>
        <translation>K&amp;opf:</translation>
    </message>
    <message>
        <source>The attention head, or the average over heads</source>
        <translation>Der Attention-Kopf oder das Mittel über die Köpfe</translation>
    </message>
    <message>
        <source>W_u (unembedding)</source>
        <translation>W_u (Unembedding)</translation>
    </message>
    <message>
        <source>W_e (embedding)</source>
        <translation>W_e (Embedding)</translation>
    </message>
    <message>
        <source>&amp;Matrix:</source>
        <translation>&amp;Matrix:</translation>
    </message>
    <message>
        <source>Whose spectrum the spectral views use: W_u (U-dark) or W_e (E-dark)</source>
        <translation>Wessen Spektrum die spektralen Ansichten verwenden: W_u (U-dunkel) oder W_e (E-dunkel)</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Release the locked selection, so that hovering previews again (Esc)</source>
        <translation>Die gesperrte Auswahl freigeben, damit Überfahren wieder eine Vorschau zeigt (Esc)</translation>
    </message>
    <message>
        <source>average</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>hover previews</source>
        <translation>Überfahren zeigt Vorschau</translation>
    </message>
    <message>
        <source>A click or a control locked the selection; hovering does not change it</source>
        <translation>Ein Klick oder ein Regler hat die Auswahl gesperrt; Überfahren ändert sie nicht</translation>
    </message>
    <message>
        <source>Hovering a view previews a selection; click to lock it</source>
        <translation>Das Überfahren einer Ansicht zeigt eine Auswahl als Vorschau; klicken Sie, um sie zu sperren</translation>
    </message>
</context>
<context>
    <name>spectro::gui::SessionFiles</name>
    <message>
        <source>The session&apos;s model %1 is gone; the views that need weights wait for it.</source>
        <translation>Das Modell %1 der Sitzung ist nicht mehr da; die Ansichten, die Gewichte brauchen, warten darauf.</translation>
    </message>
    <message>
        <source>Locate Model…</source>
        <translation>Modell suchen…</translation>
    </message>
    <message>
        <source>Choose the model file or folder where it is now</source>
        <translation>Die Modelldatei oder den Ordner wählen, wo es jetzt liegt</translation>
    </message>
    <message>
        <source>Locate Model</source>
        <translation>Modell suchen</translation>
    </message>
    <message>
        <source>Model checkpoints (*.bin *.gguf config.json);;All files (*)</source>
        <translation>Modell-Checkpoints (*.bin *.gguf config.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The session&apos;s cache %1 is gone.</source>
        <translation>Der Cache %1 der Sitzung ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Locate Cache…</source>
        <translation>Cache suchen…</translation>
    </message>
    <message>
        <source>Choose the cache (.h5) where it is now</source>
        <translation>Den Cache (.h5) wählen, wo er jetzt liegt</translation>
    </message>
    <message>
        <source>Locate Cache</source>
        <translation>Cache suchen</translation>
    </message>
    <message>
        <source>Spectroscope caches (*.h5)</source>
        <translation>Spectroscope-Caches (*.h5)</translation>
    </message>
    <message>
        <source>Its corpus %1 is gone (needed only to run more samples).</source>
        <translation>Ihr Korpus %1 ist nicht mehr da (nur nötig, um weitere Samples zu rechnen).</translation>
    </message>
</context>
<context>
    <name>spectro::gui::StartPage</name>
    <message>
        <source>Opens the demo and walks through the paper&apos;s main finding in eight steps: the dark band, the BoS sink, filtering with and without the dark band, the swap and generation. Back / Next; leave at any step.</source>
        <translation>Öffnet die Demo und führt in acht Schritten durch das Hauptergebnis des Artikels: das dunkle Band, die BoS-Senke, Filtern mit und ohne das dunkle Band, den Tausch und das Generieren. Zurück / Weiter; jederzeit verlassbar.</translation>
    </message>
    <message>
        <source>The demo model or the demo corpus was not found in this installation</source>
        <translation>Das Demo-Modell oder das Demo-Korpus wurde in dieser Installation nicht gefunden</translation>
    </message>
    <message>
        <source>Opens the demo model, runs the demo corpus (8 held-out stories of 128 tokens) into a cache and analyses it: every view fills. A second time it reuses the cache.</source>
        <translation>Öffnet das Demo-Modell, rechnet das Demo-Korpus (8 zurückgehaltene Geschichten zu 128 Tokens) in einen Cache und analysiert ihn: Jede Ansicht füllt sich. Beim zweiten Mal wird der Cache wiederverwendet.</translation>
    </message>
    <message>
        <source>Spectroscope</source>
        <translation>Spectroscope</translation>
    </message>
    <message>
        <source>Explore the spectrum of a model&apos;s embedding and unembedding, its dark signals and its attention sinks. Start with the demo, or open a model, a cache or a session.</source>
        <translation>Erkunden Sie das Spektrum von Embedding und Unembedding eines Modells, seine dunklen Signale und seine Attention-Senken. Beginnen Sie mit der Demo, oder öffnen Sie ein Modell, einen Cache oder eine Sitzung.</translation>
    </message>
    <message>
        <source>Open the Demo: model, corpus and every view</source>
        <translation>Demo öffnen: Modell, Korpus und jede Ansicht</translation>
    </message>
    <message>
        <source>Take the Guided Tour</source>
        <translation>Geführte Tour starten</translation>
    </message>
    <message>
        <source>Open Model File…</source>
        <translation>Modelldatei öffnen…</translation>
    </message>
    <message>
        <source>A llama2.c .bin or GGUF checkpoint</source>
        <translation>Ein llama2.c-.bin- oder GGUF-Checkpoint</translation>
    </message>
    <message>
        <source>Open Hugging Face Folder…</source>
        <translation>Hugging-Face-Ordner öffnen…</translation>
    </message>
    <message>
        <source>A folder with config.json and safetensors weights</source>
        <translation>Ein Ordner mit config.json und safetensors-Gewichten</translation>
    </message>
    <message>
        <source>Open Cache…</source>
        <translation>Cache öffnen…</translation>
    </message>
    <message>
        <source>A tap cache (.h5) written by a run; no model needed for most views</source>
        <translation>Ein von einem Lauf geschriebener Tap-Cache (.h5); die meisten Ansichten brauchen kein Modell</translation>
    </message>
    <message>
        <source>Open Session…</source>
        <translation>Sitzung öffnen…</translation>
    </message>
    <message>
        <source>A .spectro session: model, cache, selection and window layout</source>
        <translation>Eine .spectro-Sitzung: Modell, Cache, Auswahl und Fensteranordnung</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent sessions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zuletzt benutzte Sitzungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent models&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zuletzt benutzte Modelle&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>spectro::gui::TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop this task; the session stays as it was (a run resumes where it stopped)</source>
        <translation>Diese Aufgabe anhalten; die Sitzung bleibt, wie sie war (ein Lauf setzt dort fort, wo er anhielt)</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>noch %1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s left</source>
        <translation>noch %1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>noch %1 h %2 min</translation>
    </message>
</context>
<context>
    <name>spectro::gui::TourPanel</name>
    <message>
        <source>Guided tour: step %1 of %2</source>
        <translation>Geführte Tour: Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Guided tour</source>
        <translation>Geführte Tour</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>The previous step (Left or Alt+B)</source>
        <translation>Der vorige Schritt (Links oder Alt+B)</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Leave the tour; the views stay as they are</source>
        <translation>Die Tour verlassen; die Ansichten bleiben, wie sie sind</translation>
    </message>
    <message>
        <source>The next step (Right or Alt+N)</source>
        <translation>Der nächste Schritt (Rechts oder Alt+N)</translation>
    </message>
    <message>
        <source>Leave Tour</source>
        <translation>Tour verlassen</translation>
    </message>
    <message>
        <source>Leave the tour at this step (Esc); the views stay as they are</source>
        <translation>Die Tour bei diesem Schritt verlassen (Esc); die Ansichten bleiben, wie sie sind</translation>
    </message>
</context>
<context>
    <name>spectro::gui::WorkbenchDocks</name>
    <message>
        <source>Show or hide the %1 view</source>
        <translation>Die Ansicht %1 zeigen oder verbergen</translation>
    </message>
    <message>
        <source>Open a model and run a corpus, or open a cache, to see this view.</source>
        <translation>Öffnen Sie ein Modell und rechnen Sie ein Korpus, oder öffnen Sie einen Cache, um diese Ansicht zu sehen.</translation>
    </message>
    <message>
        <source>Open Cache…</source>
        <translation>Cache öffnen…</translation>
    </message>
    <message>
        <source>This view needs the model&apos;s weights, which the cache does not hold.</source>
        <translation>Diese Ansicht braucht die Gewichte des Modells, die der Cache nicht enthält.</translation>
    </message>
    <message>
        <source>Locate Model…</source>
        <translation>Modell suchen…</translation>
    </message>
    <message>
        <source>Run a corpus through the model to see this view.</source>
        <translation>Rechnen Sie ein Korpus durch das Modell, um diese Ansicht zu sehen.</translation>
    </message>
    <message>
        <source>Run Corpus…</source>
        <translation>Korpus rechnen…</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::AptitudeView</name>
    <message>
        <source>W_q (reads, per head)</source>
        <translation>W_q (liest, pro Kopf)</translation>
    </message>
    <message>
        <source>W_k (reads, per head)</source>
        <translation>W_k (liest, pro Kopf)</translation>
    </message>
    <message>
        <source>W_v (reads, per head)</source>
        <translation>W_v (liest, pro Kopf)</translation>
    </message>
    <message>
        <source>W_o (writes, per head)</source>
        <translation>W_o (schreibt, pro Kopf)</translation>
    </message>
    <message>
        <source>W_1 gate (reads, per neuron)</source>
        <translation>W_1 Gate (liest, pro Neuron)</translation>
    </message>
    <message>
        <source>W_2 down (writes, per neuron)</source>
        <translation>W_2 Down (schreibt, pro Neuron)</translation>
    </message>
    <message>
        <source>W_3 up (reads, per neuron)</source>
        <translation>W_3 Up (liest, pro Neuron)</translation>
    </message>
    <message>
        <source>A_N, the dark band&apos;s aptitude</source>
        <translation>A_N, die Eignung für das dunkle Band</translation>
    </message>
    <message>
        <source>uniform spread</source>
        <translation>gleichmäßig</translation>
    </message>
    <message>
        <source>The parameter matrix whose aptitude to show (the layer is the selected one)</source>
        <translation>Die Parametermatrix, deren Eignung gezeigt wird (die Schicht ist die gewählte)</translation>
    </message>
    <message>
        <source>Per band</source>
        <translation>Pro Band</translation>
    </message>
    <message>
        <source>Per singular index</source>
        <translation>Pro Singulärindex</translation>
    </message>
    <message>
        <source>Aggregate the aptitude per band of W_u, or show every singular direction</source>
        <translation>Die Eignung pro Band von W_u zusammenfassen oder jede Singulärrichtung zeigen</translation>
    </message>
    <message>
        <source>Open a model to see how its heads and neurons read and write the bands of W_u.</source>
        <translation>Öffnen Sie ein Modell, um zu sehen, wie seine Köpfe und Neuronen die Bänder von W_u lesen und beschreiben.</translation>
    </message>
    <message>
        <source>No aptitude to show for this matrix.</source>
        <translation>Für diese Matrix gibt es keine Eignung zu zeigen.</translation>
    </message>
    <message>
        <source>%1 of layer %2 %3 the bands of %4 (%5 per %6)</source>
        <translation>%1 von Schicht %2 %3 die Bänder von %4 (%5 pro %6)</translation>
    </message>
    <message>
        <source>writes into</source>
        <translation>schreibt in</translation>
    </message>
    <message>
        <source>reads from</source>
        <translation>liest aus</translation>
    </message>
    <message>
        <source>A_j</source>
        <translation>A_j</translation>
    </message>
    <message>
        <source>a_i / ‖W‖_F</source>
        <translation>a_i / ‖W‖_F</translation>
    </message>
    <message>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>Neuron</translation>
    </message>
    <message>
        <source>A_j = ‖a_band j‖ / ‖W‖_F</source>
        <translation>A_j = ‖a_Band j‖ / ‖W‖_F</translation>
    </message>
    <message>
        <source>band j of %1 (N = dark)</source>
        <translation>Band j von %1 (N = dunkel)</translation>
    </message>
    <message>
        <source>singular index i of %1, by band</source>
        <translation>Singulärindex i von %1, nach Band</translation>
    </message>
    <message>
        <source>%1 dark</source>
        <translation>%1 dunkel</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>neuron %1</source>
        <translation>Neuron %1</translation>
    </message>
    <message>
        <source>%1: A_N = %2 (uniform spread %3, %4×)</source>
        <translation>%1: A_N = %2 (gleichmäßige Verteilung %3, %4×)</translation>
    </message>
    <message>
        <source>band %1</source>
        <translation>Band %1</translation>
    </message>
    <message>
        <source>singular index %1 (band %2)</source>
        <translation>Singulärindex %1 (Band %2)</translation>
    </message>
    <message>
        <source>%1, %2%3: %4</source>
        <translation>%1, %2%3: %4</translation>
    </message>
    <message>
        <source>, dark</source>
        <translation>, dunkel</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::AttentionPatternView</name>
    <message>
        <source>attention probability A[q][k]</source>
        <translation>Attention-Wahrscheinlichkeit A[q][k]</translation>
    </message>
    <message>
        <source>key token k</source>
        <translation>Key-Token k</translation>
    </message>
    <message>
        <source>query token q</source>
        <translation>Query-Token q</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Log-Farbskala</translation>
    </message>
    <message>
        <source>A logarithmic colour scale: attention spans several decades</source>
        <translation>Eine logarithmische Farbskala: Attention umfasst mehrere Größenordnungen</translation>
    </message>
    <message>
        <source>Run a corpus with the attention tap (attn) to see attention patterns.</source>
        <translation>Rechnen Sie ein Korpus mit dem Attention-Tap (attn), um Attention-Muster zu sehen.</translation>
    </message>
    <message>
        <source>This sample has no attention pattern to show.</source>
        <translation>Dieses Sample hat kein Attention-Muster zu zeigen.</translation>
    </message>
    <message>
        <source>head average</source>
        <translation>Mittel über die Köpfe</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>Attention pattern, layer %1, %2 (sample %3)</source>
        <translation>Attention-Muster, Schicht %1, %2 (Sample %3)</translation>
    </message>
    <message>
        <source>query %1 → key %2: %3</source>
        <translation>Query %1 → Key %2: %3</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::AttentionReceivedView</name>
    <message>
        <source>key token t</source>
        <translation>Key-Token t</translation>
    </message>
    <message>
        <source>mean attention from queries q &gt; t</source>
        <translation>mittlere Attention von Queries q &gt; t</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Streuung</translation>
    </message>
    <message>
        <source>Whiskers of ± one standard deviation over the later queries</source>
        <translation>Fehlerbalken von ± einer Standardabweichung über die späteren Queries</translation>
    </message>
    <message>
        <source>Run a corpus with the attention tap (attn) to see which tokens are attention sinks.</source>
        <translation>Rechnen Sie ein Korpus mit dem Attention-Tap (attn), um zu sehen, welche Tokens Attention-Senken sind.</translation>
    </message>
    <message>
        <source>This sample has no attention to show.</source>
        <translation>Dieses Sample hat keine Attention zu zeigen.</translation>
    </message>
    <message>
        <source>head average</source>
        <translation>Mittel über die Köpfe</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>Attention received, layer %1, %2 (sample %3)</source>
        <translation>Erhaltene Attention, Schicht %1, %2 (Sample %3)</translation>
    </message>
    <message>
        <source>token %1: mean %2, variance %3 over %4 later queries</source>
        <translation>Token %1: Mittel %2, Varianz %3 über %4 spätere Queries</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::BosStoryView</name>
    <message>
        <source>‖attn_out[l][0]‖</source>
        <translation>‖attn_out[l][0]‖</translation>
    </message>
    <message>
        <source>‖mlp_out[l][0]‖</source>
        <translation>‖mlp_out[l][0]‖</translation>
    </message>
    <message>
        <source>their U-dark parts (darker)</source>
        <translation>ihre U-dunklen Teile (dunkler)</translation>
    </message>
    <message>
        <source>‖resid[s][0]‖</source>
        <translation>‖resid[s][0]‖</translation>
    </message>
    <message>
        <source>U-dark part</source>
        <translation>U-dunkler Teil</translation>
    </message>
    <message>
        <source>U-light part</source>
        <translation>U-heller Teil</translation>
    </message>
    <message>
        <source>residual stream s (0 = embeddings, l + 1 = exit of layer l)</source>
        <translation>Residualstrom s (0 = Embeddings, l + 1 = Ausgang von Schicht l)</translation>
    </message>
    <message>
        <source>norm ‖·‖₂ at BoS (token 0)</source>
        <translation>Norm ‖·‖₂ an BoS (Token 0)</translation>
    </message>
    <message>
        <source>Run a corpus with the resid, attn_out and mlp_out taps to follow the BoS stream.</source>
        <translation>Rechnen Sie ein Korpus mit den Taps resid, attn_out und mlp_out, um den BoS-Strom zu verfolgen.</translation>
    </message>
    <message>
        <source>This cache has no BoS stream to show.</source>
        <translation>Dieser Cache hat keinen BoS-Strom zu zeigen.</translation>
    </message>
    <message>
        <source> blast-off: MLP of layer %1</source>
        <translation> Start: MLP von Schicht %1</translation>
    </message>
    <message>
        <source>The BoS stream, layer by layer (sample %1)</source>
        <translation>Der BoS-Strom, Schicht für Schicht (Sample %1)</translation>
    </message>
    <message>
        <source>%1 at BoS: norm %2 = U-dark %3 + U-light %4 (U-dark ratio %5)</source>
        <translation>%1 an BoS: Norm %2 = U-dunkel %3 + U-hell %4 (U-Dunkelverhältnis %5)</translation>
    </message>
    <message>
        <source>; layer %1 wrote attention %2 (U-dark %3), MLP %4 (U-dark %5)</source>
        <translation>; Schicht %1 schrieb Attention %2 (U-dunkel %3), MLP %4 (U-dunkel %5)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::DarkRatioView</name>
    <message>
        <source>ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>stream s</source>
        <translation>Strom s</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Log-Farbskala</translation>
    </message>
    <message>
        <source>A logarithmic colour scale for the heatmap (ratios span decades at BoS)</source>
        <translation>Eine logarithmische Farbskala für die Heatmap (die Verhältnisse umfassen an BoS Größenordnungen)</translation>
    </message>
    <message>
        <source>Analyse a cache (Run, then Analyze) to see the U-dark ratio of every token.</source>
        <translation>Analysieren Sie einen Cache (Rechnen, dann Analysieren), um das U-Dunkelverhältnis jedes Tokens zu sehen.</translation>
    </message>
    <message>
        <source>E-dark ratio</source>
        <translation>E-Dunkelverhältnis</translation>
    </message>
    <message>
        <source>U-dark ratio</source>
        <translation>U-Dunkelverhältnis</translation>
    </message>
    <message>
        <source>This sample has no dark ratios to show; analyse the cache first.</source>
        <translation>Dieses Sample hat keine Dunkelverhältnisse zu zeigen; analysieren Sie zuerst den Cache.</translation>
    </message>
    <message>
        <source>%1 ‖Φ_%2,N h‖ / ‖(I − Φ_%2,N) h‖, sample %3</source>
        <translation>%1 ‖Φ_%2,N h‖ / ‖(I − Φ_%2,N) h‖, Sample %3</translation>
    </message>
    <message>
        <source>at resid[%1]</source>
        <translation>an resid[%1]</translation>
    </message>
    <message>
        <source>token %1 at %2: %3 %4</source>
        <translation>Token %1 an %2: %3 %4</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::ExportDialog</name>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>The file to write; its extension picks the format: .pdf and .svg (vector) or .png</source>
        <translation>Die zu schreibende Datei; ihre Endung wählt das Format: .pdf und .svg (Vektor) oder .png</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the file and its format</source>
        <translation>Die Datei und ihr Format wählen</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>As on screen</source>
        <translation>Wie am Bildschirm</translation>
    </message>
    <message>
        <source>Export at the view&apos;s size on screen (96 pixels per inch)</source>
        <translation>In der Größe der Ansicht am Bildschirm exportieren (96 Pixel pro Zoll)</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source> cm</source>
        <translation> cm</translation>
    </message>
    <message>
        <source>Width of the figure on paper</source>
        <translation>Breite der Abbildung auf Papier</translation>
    </message>
    <message>
        <source>Height of the figure on paper</source>
        <translation>Höhe der Abbildung auf Papier</translation>
    </message>
    <message>
        <source>&amp;Width:</source>
        <translation>&amp;Breite:</translation>
    </message>
    <message>
        <source>&amp;Height:</source>
        <translation>&amp;Höhe:</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Resolution of a PNG export (PDF and SVG are vector and need none)</source>
        <translation>Auflösung eines PNG-Exports (PDF und SVG sind Vektorformate und brauchen keine)</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>&amp;Auflösung:</translation>
    </message>
    <message>
        <source>as on screen</source>
        <translation>wie am Bildschirm</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Size of the figure&apos;s text on paper; the figure&apos;s layout scales with it</source>
        <translation>Größe des Texts der Abbildung auf Papier; das Layout der Abbildung skaliert mit</translation>
    </message>
    <message>
        <source>&amp;Text size:</source>
        <translation>&amp;Textgröße:</translation>
    </message>
    <message>
        <source>Stored in the file&apos;s metadata together with the figure&apos;s provenance</source>
        <translation>Wird in den Metadaten der Datei zusammen mit der Herkunft der Abbildung gespeichert</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>One column (%1 cm)</source>
        <translation>Eine Spalte (%1 cm)</translation>
    </message>
    <message>
        <source>The width of one column of a two-column paper (ACL, IEEE), 8 pt text</source>
        <translation>Die Breite einer Spalte eines zweispaltigen Artikels (ACL, IEEE), 8-pt-Schrift</translation>
    </message>
    <message>
        <source>Two columns (%1 cm)</source>
        <translation>Zwei Spalten (%1 cm)</translation>
    </message>
    <message>
        <source>The full text width of a two-column paper, 8 pt text</source>
        <translation>Die volle Textbreite eines zweispaltigen Artikels, 8-pt-Schrift</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Colours of this file; every colour map has a monotone luminance and prints in grey</source>
        <translation>Farben dieser Datei; jede Farbskala hat eine monotone Helligkeit und lässt sich in Grau drucken</translation>
    </message>
    <message>
        <source>&amp;Palette:</source>
        <translation>&amp;Palette:</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::FigureView</name>
    <message>
        <source>Updating…</source>
        <translation>Aktualisiere…</translation>
    </message>
    <message>
        <source>A newer figure is being read from the cache; the one shown stays until it arrives</source>
        <translation>Eine neuere Abbildung wird aus dem Cache gelesen; die gezeigte bleibt, bis sie da ist</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Release the locked selection, so that views follow the mouse again (Esc)</source>
        <translation>Die gesperrte Auswahl freigeben, damit die Ansichten wieder der Maus folgen (Esc)</translation>
    </message>
    <message>
        <source>Unlock selection</source>
        <translation>Auswahl freigeben</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export this figure (PDF, SVG, PNG) or the data it shows (CSV)</source>
        <translation>Diese Abbildung (PDF, SVG, PNG) oder die gezeigten Daten (CSV) exportieren</translation>
    </message>
    <message>
        <source>Figure (PDF, SVG, PNG)…</source>
        <translation>Abbildung (PDF, SVG, PNG)…</translation>
    </message>
    <message>
        <source>Vector PDF or SVG, or PNG at a chosen size and resolution</source>
        <translation>Vektor-PDF oder -SVG, oder PNG in gewählter Größe und Auflösung</translation>
    </message>
    <message>
        <source>Data (CSV)…</source>
        <translation>Daten (CSV)…</translation>
    </message>
    <message>
        <source>The numbers this view shows, with their provenance</source>
        <translation>Die Zahlen, die diese Ansicht zeigt, mit ihrer Herkunft</translation>
    </message>
    <message>
        <source>What is under the mouse; click to lock it as the selection of every view</source>
        <translation>Was unter der Maus liegt; klicken, um es als Auswahl jeder Ansicht zu sperren</translation>
    </message>
    <message>
        <source>Nothing to show yet.</source>
        <translation>Noch nichts zu zeigen.</translation>
    </message>
    <message>
        <source>%1: the %2 view has no figure to export</source>
        <translation>%1: die Ansicht %2 hat keine Abbildung zum Exportieren</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>Daten exportieren</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::FilterNllView</name>
    <message>
        <source>unfiltered</source>
        <translation>ungefiltert</translation>
    </message>
    <message>
        <source>filtered</source>
        <translation>gefiltert</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>mean NLL (nats per token)</source>
        <translation>mittlere NLL (nats pro Token)</translation>
    </message>
    <message>
        <source>Open a model and a cache with the resid tap, then move the filter lab&apos;s controls.</source>
        <translation>Öffnen Sie ein Modell und einen Cache mit dem resid-Tap, dann bewegen Sie die Regler des Filterlabors.</translation>
    </message>
    <message>
        <source>No re-filtered NLL yet.</source>
        <translation>Noch keine neu gefilterte NLL.</translation>
    </message>
    <message>
        <source>NLL %1 → %2 (%3%4)
%5</source>
        <translation>NLL %1 → %2 (%3%4)
%5</translation>
    </message>
    <message>
        <source>All samples: NLL %1 unfiltered, %2 filtered, over %3 tokens</source>
        <translation>Alle Samples: NLL %1 ungefiltert, %2 gefiltert, über %3 Tokens</translation>
    </message>
    <message>
        <source>Sample %1: NLL %2 unfiltered, %3 filtered (%4), %5 tokens</source>
        <translation>Sample %1: NLL %2 ungefiltert, %3 gefiltert (%4), %5 Tokens</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::GenerationView</name>
    <message>
        <source>position (prompt, then continuation)</source>
        <translation>Position (Prompt, dann Fortsetzung)</translation>
    </message>
    <message>
        <source>Type a prompt in the filter lab and press Generate to compare continuations.</source>
        <translation>Geben Sie im Filterlabor einen Prompt ein und drücken Sie Generieren, um Fortsetzungen zu vergleichen.</translation>
    </message>
    <message>
        <source>No generation yet.</source>
        <translation>Noch nichts generiert.</translation>
    </message>
    <message>
        <source>unfiltered
rep-%1 %2</source>
        <translation>ungefiltert
rep-%1 %2</translation>
    </message>
    <message>
        <source>filtered
rep-%1 %2</source>
        <translation>gefiltert
rep-%1 %2</translation>
    </message>
    <message>
        <source>Generation — %1 (orange: repeated %2-grams)</source>
        <translation>Generierung — %1 (orange: wiederholte %2-Gramme)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Unfiltered&lt;/b&gt; (rep-%1 %2): &lt;i&gt;%3&lt;/i&gt;%4&lt;/p&gt;&lt;p&gt;&lt;b&gt;Filtered&lt;/b&gt; (rep-%1 %5): &lt;i&gt;%3&lt;/i&gt;%6&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Ungefiltert&lt;/b&gt; (rep-%1 %2): &lt;i&gt;%3&lt;/i&gt;%4&lt;/p&gt;&lt;p&gt;&lt;b&gt;Gefiltert&lt;/b&gt; (rep-%1 %5): &lt;i&gt;%3&lt;/i&gt;%6&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Prompt token %1: %2</source>
        <translation>Prompt-Token %1: %2</translation>
    </message>
    <message>
        <source>%1 continuation, token %2: %3%4</source>
        <translation>%1 Fortsetzung, Token %2: %3%4</translation>
    </message>
    <message>
        <source>Unfiltered</source>
        <translation>Ungefilterte</translation>
    </message>
    <message>
        <source>Filtered</source>
        <translation>Gefilterte</translation>
    </message>
    <message>
        <source> (in a repeated %1-gram)</source>
        <translation> (in einem wiederholten %1-Gramm)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::HmlvView</name>
    <message>
        <source>U-dark ratio (1st–99th pct.)</source>
        <translation>U-Dunkelverh. (1.–99. Perz.)</translation>
    </message>
    <message>
        <source>mean attention received from later queries</source>
        <translation>mittlere von späteren Queries erhaltene Attention</translation>
    </message>
    <message>
        <source>variance of attention received</source>
        <translation>Varianz der erhaltenen Attention</translation>
    </message>
    <message>
        <source>layer l</source>
        <translation>Schicht l</translation>
    </message>
    <message>
        <source>HMLV</source>
        <translation>HMLV</translation>
    </message>
    <message>
        <source>the rest</source>
        <translation>der Rest</translation>
    </message>
    <message>
        <source>Selected layer only</source>
        <translation>Nur gewählte Schicht</translation>
    </message>
    <message>
        <source>Show only the points of the selected layer</source>
        <translation>Nur die Punkte der gewählten Schicht zeigen</translation>
    </message>
    <message>
        <source>Log axes</source>
        <translation>Log-Achsen</translation>
    </message>
    <message>
        <source>Logarithmic mean and variance axes (points with a zero are then left out)</source>
        <translation>Logarithmische Achsen für Mittel und Varianz (Punkte mit einer Null fallen dann weg)</translation>
    </message>
    <message>
        <source>Analyse a cache (Run with attn and resid, then Analyze) to see the HMLV tokens.</source>
        <translation>Analysieren Sie einen Cache (Rechnen mit attn und resid, dann Analysieren), um die HMLV-Tokens zu sehen.</translation>
    </message>
    <message>
        <source>This cache has no HMLV analysis; analyse it with the attn and resid taps.</source>
        <translation>Dieser Cache hat keine HMLV-Analyse; analysieren Sie ihn mit den Taps attn und resid.</translation>
    </message>
    <message>
        <source>HMLV pairs: %1 of %2 (mean &gt; %3, variance &lt; %4)</source>
        <translation>HMLV-Paare: %1 von %2 (Mittel &gt; %3, Varianz &lt; %4)</translation>
    </message>
    <message>
        <source>HMLV share</source>
        <translation>HMLV-Anteil</translation>
    </message>
    <message>
        <source>mean U-dark ratio of resid[l]</source>
        <translation>mittl. U-Dunkelverh. von resid[l]</translation>
    </message>
    <message>
        <source>HMLV share of the layer&apos;s (token, layer) pairs</source>
        <translation>HMLV-Anteil der (Token, Schicht)-Paare der Schicht</translation>
    </message>
    <message>
        <source>sample %1, layer %2, token %3 “%4”: mean %5, variance %6, U-dark ratio %7%8</source>
        <translation>Sample %1, Schicht %2, Token %3 „%4“: Mittel %5, Varianz %6, U-Dunkelverhältnis %7%8</translation>
    </message>
    <message>
        <source>, HMLV</source>
        <translation>, HMLV</translation>
    </message>
    <message>
        <source>layer %1: %2 HMLV of %3 pairs</source>
        <translation>Schicht %1: %2 HMLV von %3 Paaren</translation>
    </message>
    <message>
        <source>; mean U-dark ratio %1 (HMLV) vs %2 (rest)</source>
        <translation>; mittleres U-Dunkelverhältnis %1 (HMLV) gegen %2 (Rest)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::MassiveActivationsView</name>
    <message>
        <source>log10 |h|</source>
        <translation>log10 |h|</translation>
    </message>
    <message>
        <source>rank (largest |h| first)</source>
        <translation>Rang (größtes |h| zuerst)</translation>
    </message>
    <message>
        <source>stream resid[s]</source>
        <translation>Strom resid[s]</translation>
    </message>
    <message>
        <source>An entry is massive when |h| is above this...</source>
        <translation>Ein Eintrag ist massiv, wenn |h| über diesem Wert liegt …</translation>
    </message>
    <message>
        <source>...and above this many times the stream&apos;s median |h|</source>
        <translation>… und über diesem Vielfachen des Medians von |h| im Strom</translation>
    </message>
    <message>
        <source>|h| &gt;</source>
        <translation>|h| &gt;</translation>
    </message>
    <message>
        <source>and &gt; median ×</source>
        <translation>und &gt; Median ×</translation>
    </message>
    <message>
        <source>Run a corpus and analyse the cache to see the massive activations of each stream.</source>
        <translation>Einen Korpus durchlaufen lassen und den Cache analysieren, um die massiven Aktivierungen jedes Stroms zu sehen.</translation>
    </message>
    <message>
        <source>This sample has no massive-activation entries to show.</source>
        <translation>Diese Stichprobe hat keine massiven Aktivierungen zum Anzeigen.</translation>
    </message>
    <message>
        <source>Massive activations, sample %1: %2 massive (outlined)</source>
        <translation>Massive Aktivierungen, Stichprobe %1: %2 massiv (umrandet)</translation>
    </message>
    <message>
        <source>, channel U-dark ratio %1</source>
        <translation>, U-Dunkel-Anteil des Kanals %1</translation>
    </message>
    <message>
        <source>%1, rank %2: token %3 &apos;%4&apos;, channel %5, h = %6 (%7× the median %8)%9%10</source>
        <translation>%1, Rang %2: Token %3 „%4“, Kanal %5, h = %6 (%7× der Median %8)%9%10</translation>
    </message>
    <message>
        <source>, massive</source>
        <translation>, massiv</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::NextTokenView</name>
    <message>
        <source>Next-token probabilities</source>
        <translation>Wahrscheinlichkeiten des nächsten Tokens</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Run a prompt to see the next-token distribution</source>
        <translation>Einen Prompt ausführen, um die Verteilung des nächsten Tokens zu sehen</translation>
    </message>
    <message>
        <source>Export Figure…</source>
        <translation>Abbildung exportieren…</translation>
    </message>
    <message>
        <source>Export Data as CSV…</source>
        <translation>Daten als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::PerTokenNllView</name>
    <message>
        <source>Δ</source>
        <translation>Δ</translation>
    </message>
    <message>
        <source>unfiltered</source>
        <translation>ungefiltert</translation>
    </message>
    <message>
        <source>filtered</source>
        <translation>gefiltert</translation>
    </message>
    <message>
        <source>NLL of the token</source>
        <translation>NLL des Tokens</translation>
    </message>
    <message>
        <source>Δ NLL</source>
        <translation>Δ NLL</translation>
    </message>
    <message>
        <source>Move the filter lab&apos;s controls to see which tokens the filter makes harder to predict.</source>
        <translation>Bewegen Sie die Regler des Filterlabors, um zu sehen, welche Tokens der Filter schwerer vorhersagbar macht.</translation>
    </message>
    <message>
        <source>This sample has no token to predict.</source>
        <translation>Dieses Sample hat kein vorherzusagendes Token.</translation>
    </message>
    <message>
        <source>Per-token NLL, sample %1 — %2</source>
        <translation>NLL pro Token, Sample %1 — %2</translation>
    </message>
    <message>
        <source>%1: the first token is not predicted</source>
        <translation>%1: das erste Token wird nicht vorhergesagt</translation>
    </message>
    <message>
        <source>%1: NLL %2 unfiltered, %3 filtered (%4%5)</source>
        <translation>%1: NLL %2 ungefiltert, %3 gefiltert (%4%5)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::SinkGridView</name>
    <message>
        <source>attention to BoS</source>
        <translation>Attention auf BoS</translation>
    </message>
    <message>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Run a corpus with the attention tap (attn) to see the BoS sink of every head.</source>
        <translation>Rechnen Sie ein Korpus mit dem Attention-Tap (attn), um die BoS-Senke jedes Kopfs zu sehen.</translation>
    </message>
    <message>
        <source>This cache has no attention to measure the sink with.</source>
        <translation>Dieser Cache hat keine Attention, mit der sich die Senke messen lässt.</translation>
    </message>
    <message>
        <source>BoS sink per layer and head (queries ≥ %1, %2 samples; uniform: %3)</source>
        <translation>BoS-Senke je Schicht/Kopf (Queries ≥ %1, %2 Samples; gleichverteilt %3)</translation>
    </message>
    <message>
        <source>layer %1, head %2: %3 of the attention goes to BoS (%4× the uniform %5)</source>
        <translation>Schicht %1, Kopf %2: %3 der Attention geht an BoS (%4× die gleichverteilte %5)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::SinkRateView</name>
    <message>
        <source>alpha (attention received)</source>
        <translation>alpha (erhaltene Aufmerksamkeit)</translation>
    </message>
    <message>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Key: BoS</source>
        <translation>Schlüssel: BoS</translation>
    </message>
    <message>
        <source>Key: selected token</source>
        <translation>Schlüssel: gewähltes Token</translation>
    </message>
    <message>
        <source>The key position whose sink scores alpha the grid shows</source>
        <translation>Die Schlüsselposition, deren Sink-Werte alpha das Raster zeigt</translation>
    </message>
    <message>
        <source>Run a corpus with the attention tap (attn) and analyse it to see the sink rate of every head.</source>
        <translation>Einen Korpus mit dem Aufmerksamkeits-Abgriff (attn) durchlaufen lassen und analysieren, um die Sink-Rate jedes Kopfes zu sehen.</translation>
    </message>
    <message>
        <source>This cache&apos;s analysis has no sink rate (it needs the attention tap).</source>
        <translation>Die Analyse dieses Caches hat keine Sink-Rate (sie braucht den Aufmerksamkeits-Abgriff).</translation>
    </message>
    <message>
        <source>BoS</source>
        <translation>BoS</translation>
    </message>
    <message>
        <source>position %1</source>
        <translation>Position %1</translation>
    </message>
    <message>
        <source>Sink rate of %1: %2 (alpha &gt; ε = %3 outlined; first %4 tokens, %5 samples)</source>
        <translation>Sink-Rate von %1: %2 (alpha &gt; ε = %3 umrandet; erste %4 Tokens, %5 Stichproben)</translation>
    </message>
    <message>
        <source>alpha of %1</source>
        <translation>alpha von %1</translation>
    </message>
    <message>
        <source>layer %1, head %2: alpha %3 (%4 ε = %5); sink rate: layer %1 %6, overall %7</source>
        <translation>Schicht %1, Kopf %2: alpha %3 (%4 ε = %5); Sink-Rate: Schicht %1 %6, insgesamt %7</translation>
    </message>
    <message>
        <source>above</source>
        <translation>über</translation>
    </message>
    <message>
        <source>not above</source>
        <translation>nicht über</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::SpectrogramView</name>
    <message>
        <source>band energy</source>
        <translation>Bandenergie</translation>
    </message>
    <message>
        <source>Streams of the selected token</source>
        <translation>Ströme des gewählten Tokens</translation>
    </message>
    <message>
        <source>Tokens of the selected stream</source>
        <translation>Tokens des gewählten Stroms</translation>
    </message>
    <message>
        <source>Across the residual streams of one token, or across the tokens of one stream</source>
        <translation>Über die Residualströme eines Tokens oder über die Tokens eines Stroms</translation>
    </message>
    <message>
        <source>Fraction of ‖h‖²</source>
        <translation>Anteil an ‖h‖²</translation>
    </message>
    <message>
        <source>Each band&apos;s energy divided by the vector&apos;s squared norm (the row sums to 1)</source>
        <translation>Die Energie jedes Bands geteilt durch die quadrierte Norm des Vektors (die Zeile summiert sich zu 1)</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Log-Farbskala</translation>
    </message>
    <message>
        <source>A logarithmic colour scale: band energies span decades</source>
        <translation>Eine logarithmische Farbskala: Bandenergien umfassen Größenordnungen</translation>
    </message>
    <message>
        <source>Analyse a cache (Run with resid, then Analyze) to see spectrograms.</source>
        <translation>Analysieren Sie einen Cache (Rechnen mit resid, dann Analysieren), um Spektrogramme zu sehen.</translation>
    </message>
    <message>
        <source>No spectrogram for this selection; analyse the cache first.</source>
        <translation>Kein Spektrogramm für diese Auswahl; analysieren Sie zuerst den Cache.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Spectrogram of %1 across tokens (sample %2)</source>
        <translation>Spektrogramm von %1 über die Tokens (Sample %2)</translation>
    </message>
    <message>
        <source>stream s (0 = embeddings, l + 1 = exit of layer l)</source>
        <translation>Strom s (0 = Embeddings, l + 1 = Ausgang von Schicht l)</translation>
    </message>
    <message>
        <source>Spectrogram of token %1 “%2” across streams (sample %3)</source>
        <translation>Spektrogramm von Token %1 „%2“ über die Ströme (Sample %3)</translation>
    </message>
    <message>
        <source>%1 dark</source>
        <translation>%1 dunkel</translation>
    </message>
    <message>
        <source>band j (1 = largest singular values)</source>
        <translation>Band j (1 = größte Singulärwerte)</translation>
    </message>
    <message>
        <source>fraction of ‖h‖² in the band</source>
        <translation>Anteil an ‖h‖² im Band</translation>
    </message>
    <message>
        <source>band energy ‖V_jᵀ h‖²</source>
        <translation>Bandenergie ‖V_jᵀ h‖²</translation>
    </message>
    <message>
        <source>token %1</source>
        <translation>Token %1</translation>
    </message>
    <message>
        <source>%1, band %2%3: energy %4 (%5% of ‖h‖²)</source>
        <translation>%1, Band %2%3: Energie %4 (%5 % von ‖h‖²)</translation>
    </message>
    <message>
        <source> (dark)</source>
        <translation> (dunkel)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::SpectrumView</name>
    <message>
        <source>this model</source>
        <translation>dieses Modell</translation>
    </message>
    <message>
        <source>singular index i (0 = largest)</source>
        <translation>Singulärindex i (0 = größter)</translation>
    </message>
    <message>
        <source>band (band N = dark)</source>
        <translation>Band (Band N = dunkel)</translation>
    </message>
    <message>
        <source>null space
σ = 0</source>
        <translation>Nullraum
σ = 0</translation>
    </message>
    <message>
        <source>W_u (unembedding)</source>
        <translation>W_u (Unembedding)</translation>
    </message>
    <message>
        <source>W_e (embedding)</source>
        <translation>W_e (Embedding)</translation>
    </message>
    <message>
        <source>Whose spectrum to show; also the matrix whose dark band the other views use</source>
        <translation>Wessen Spektrum gezeigt wird; auch die Matrix, deren dunkles Band die anderen Ansichten verwenden</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Log-Skala</translation>
    </message>
    <message>
        <source>Singular values on a logarithmic axis (the dark tail is small)</source>
        <translation>Singulärwerte auf einer logarithmischen Achse (der dunkle Schwanz ist klein)</translation>
    </message>
    <message>
        <source>Open a model to see the spectra of W_u and W_e.</source>
        <translation>Öffnen Sie ein Modell, um die Spektren von W_u und W_e zu sehen.</translation>
    </message>
    <message>
        <source>This model has no spectrum to show.</source>
        <translation>Dieses Modell hat kein Spektrum zu zeigen.</translation>
    </message>
    <message>
        <source>Spectrum of %1%2</source>
        <translation>Spektrum von %1%2</translation>
    </message>
    <message>
        <source> (final norm folded in)</source>
        <translation> (letzte Norm eingerechnet)</translation>
    </message>
    <message>
        <source>singular value σ_i of %1</source>
        <translation>Singulärwert σ_i von %1</translation>
    </message>
    <message>
        <source>%1 dark</source>
        <translation>%1 dunkel</translation>
    </message>
    <message>
        <source>%1: σ_%2 = %3, band %4 of %5</source>
        <translation>%1: σ_%2 = %3, Band %4 von %5</translation>
    </message>
    <message>
        <source> (dark)</source>
        <translation> (dunkel)</translation>
    </message>
    <message>
        <source> — null space: invisible to the logits</source>
        <translation> — Nullraum: für die Logits unsichtbar</translation>
    </message>
    <message>
        <source>; %1: %2</source>
        <translation>; %1: %2</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::SweepHeatmapView</name>
    <message>
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <source>k (bands kept)</source>
        <translation>k (behaltene Bänder)</translation>
    </message>
    <message>
        <source>filtered layer</source>
        <translation>gefilterte Schicht</translation>
    </message>
    <message>
        <source>Press Sweep in the filter lab to fill the layer × k heatmap for the chosen filter.</source>
        <translation>Drücken Sie Sweep im Filterlabor, um die Heatmap Schicht × k für den gewählten Filter zu füllen.</translation>
    </message>
    <message>
        <source>No sweep yet.</source>
        <translation>Noch kein Sweep.</translation>
    </message>
    <message>
        <source>Δ NLL</source>
        <translation>Δ NLL</translation>
    </message>
    <message>
        <source>NLL sweep %1 (%2 of %3 cells)</source>
        <translation>NLL-Sweep %1 (%2 von %3 Zellen)</translation>
    </message>
    <message>
        <source>NLL sweep %1 (unfiltered %2)</source>
        <translation>NLL-Sweep %1 (ungefiltert %2)</translation>
    </message>
    <message>
        <source>Layer %1, k = %2: not computed yet</source>
        <translation>Schicht %1, k = %2: noch nicht berechnet</translation>
    </message>
    <message>
        <source>Layer %1, k = %2: Δ NLL %3</source>
        <translation>Schicht %1, k = %2: Δ NLL %3</translation>
    </message>
    <message>
        <source>Layer %1, k = %2: NLL %3 (%4 over the unfiltered %5); click to set the lab here</source>
        <translation>Schicht %1, k = %2: NLL %3 (%4 über der ungefilterten %5); klicken, um das Labor hierauf zu setzen</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::TokenAxis</name>
    <message>
        <source>Scroll the tokens; wheel or +/- on the plot zooms, 0 shows all</source>
        <translation>Die Tokens scrollen; Mausrad oder +/- auf dem Plot zoomt, 0 zeigt alle</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::TokenStripView</name>
    <message>
        <source>U-dark ratio</source>
        <translation>U-Dunkelverhältnis</translation>
    </message>
    <message>
        <source>E-dark ratio</source>
        <translation>E-Dunkelverhältnis</translation>
    </message>
    <message>
        <source>attention received</source>
        <translation>erhaltene Attention</translation>
    </message>
    <message>
        <source>NLL (nats)</source>
        <translation>NLL (nats)</translation>
    </message>
    <message>
        <source>NLL change (nats)</source>
        <translation>NLL-Änderung (nats)</translation>
    </message>
    <message>
        <source>Scroll the sample&apos;s lines (or use the wheel)</source>
        <translation>Die Zeilen des Samples scrollen (oder das Mausrad benutzen)</translation>
    </message>
    <message>
        <source>What colours the tokens</source>
        <translation>Was die Tokens färbt</translation>
    </message>
    <message>
        <source>Run a corpus into a cache to see its samples&apos; tokens here.</source>
        <translation>Rechnen Sie ein Korpus in einen Cache, um hier die Tokens seiner Samples zu sehen.</translation>
    </message>
    <message>
        <source>This sample has no tokens to show.</source>
        <translation>Dieses Sample hat keine Tokens zu zeigen.</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> an %1</translation>
    </message>
    <message>
        <source> in layer %1</source>
        <translation> in Schicht %1</translation>
    </message>
    <message>
        <source>token %1 “%2”: %3 %4</source>
        <translation>Token %1 „%2“: %3 %4</translation>
    </message>
    <message>
        <source>Sample %1: tokens coloured by %2%3 (colours span its 1st–99th percentile)</source>
        <translation>Stichprobe %1: Tokens gefärbt nach %2%3 (Farben über sein 1.–99. Perzentil)</translation>
    </message>
</context>
<context>
    <name>spectro::widgets::TriadView</name>
    <message>
        <source>attention</source>
        <translation>Aufmerksamkeit</translation>
    </message>
    <message>
        <source>value / mean</source>
        <translation>Value / Mittel</translation>
    </message>
    <message>
        <source>resid / mean</source>
        <translation>resid / Mittel</translation>
    </message>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Run a corpus with the attention tap (attn) and analyse it with the model open to see the extreme-token triad.</source>
        <translation>Einen Korpus mit dem Aufmerksamkeits-Abgriff (attn) durchlaufen lassen und bei geöffnetem Modell analysieren, um die Extrem-Token-Triade zu sehen.</translation>
    </message>
    <message>
        <source>This sample has no triad to show.</source>
        <translation>Diese Stichprobe hat keine Triade zum Anzeigen.</translation>
    </message>
    <message>
        <source>mean over %1 kv heads</source>
        <translation>Mittel über %1 KV-Köpfe</translation>
    </message>
    <message>
        <source>kv head %1</source>
        <translation>KV-Kopf %1</translation>
    </message>
    <message>
        <source>Triad, layer %1, %2 (sample %3)</source>
        <translation>Triade, Schicht %1, %2 (Stichprobe %3)</translation>
    </message>
    <message>
        <source>token %1: attention received %2, value norm %3× the mean, resid norm %4× the mean (||h|| = %5)</source>
        <translation>Token %1: erhaltene Aufmerksamkeit %2, Value-Norm %3× das Mittel, resid-Norm %4× das Mittel (||h|| = %5)</translation>
    </message>
    <message>
        <source>attn</source>
        <translation>Aufm.</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>resid</source>
        <translation>resid</translation>
    </message>
</context>
</TS>
