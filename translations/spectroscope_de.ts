<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <source>Logit spectroscopy workbench for LLaMa-architecture models.</source>
        <translation>Werkbank für Logit-Spektroskopie von Modellen mit LLaMa-Architektur.</translation>
    </message>
    <message>
        <source>Model to open: a .bin or .gguf file or a Hugging Face folder.</source>
        <translation>Zu öffnendes Modell: eine .bin- oder .gguf-Datei oder ein Hugging-Face-Ordner.</translation>
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
        <source>Give at most one model.</source>
        <translation>Höchstens ein Modell angeben.</translation>
    </message>
    <message>
        <source>--steps needs a non-negative number.</source>
        <translation>--steps erwartet eine nicht negative Zahl.</translation>
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
    <name>PlotExport</name>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg);;JPEG image (*.jpg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg);;JPEG-Bild (*.jpg)</translation>
    </message>
    <message>
        <source>%1: unknown figure format &quot;%2&quot; (use .png, .pdf, .svg or .jpg)</source>
        <translation>%1: unbekanntes Abbildungsformat „%2“ (.png, .pdf, .svg oder .jpg verwenden)</translation>
    </message>
    <message>
        <source>%1: could not write the figure</source>
        <translation>%1: die Abbildung konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>spectro::gui::EmptyStatePage</name>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Open a model: File &gt; Open Model…</source>
        <translation>Modell öffnen: Datei &gt; Modell öffnen…</translation>
    </message>
    <message>
        <source>Open Model File…</source>
        <translation>Modelldatei öffnen…</translation>
    </message>
    <message>
        <source>Open Hugging Face Folder…</source>
        <translation>Hugging-Face-Ordner öffnen…</translation>
    </message>
    <message>
        <source>Recent models</source>
        <translation>Zuletzt geöffnete Modelle</translation>
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
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
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
        <source> — no tokenizer found, prompts are disabled</source>
        <translation> — kein Tokenizer gefunden, Prompts sind deaktiviert</translation>
    </message>
    <message>
        <source>Spectroscope</source>
        <translation>Spectroscope</translation>
    </message>
    <message>
        <source>About Spectroscope</source>
        <translation>Über Spectroscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Spectroscope %1&lt;/h3&gt;&lt;p&gt;A workbench for logit spectroscopy of LLaMa-architecture language models: load a checkpoint, run prompts, and look at what the model predicts.&lt;/p&gt;&lt;p&gt;Qt %2 · libtorch %3 · %4 compute threads&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Spectroscope %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Logit-Spektroskopie von Sprachmodellen mit LLaMa-Architektur: Checkpoint laden, Prompts ausführen und ansehen, was das Modell vorhersagt.&lt;/p&gt;&lt;p&gt;Qt %2 · libtorch %3 · %4 Rechen-Threads&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — Spectroscope</source>
        <translation>%1 — Spectroscope</translation>
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
        <source>No recent models</source>
        <translation>Keine zuletzt geöffneten Modelle</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>spectro::gui::TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
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
</TS>
