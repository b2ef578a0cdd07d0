#include "start_page.h"

#include "recent_files.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace spectro::gui {

StartPage::StartPage(RecentFiles* recentSessions, RecentFiles* recentModels, QWidget* parent)
    : QWidget(parent), recentSessions_(recentSessions), recentModels_(recentModels)
{
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(2);
    auto* column = new QVBoxLayout;
    column->setSpacing(10);
    icon_ = new QLabel(this);
    icon_->setPixmap(QIcon(QStringLiteral(":/icons/spectroscope.svg")).pixmap(96, 96));
    icon_->setAlignment(Qt::AlignCenter);
    title_ = new QLabel(this);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setWeight(QFont::DemiBold);
    title_->setFont(big);
    title_->setAlignment(Qt::AlignCenter);
    hint_ = new QLabel(this);
    hint_->setAlignment(Qt::AlignCenter);
    hint_->setWordWrap(true);
    hint_->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    column->addWidget(icon_);
    column->addWidget(title_);
    column->addWidget(hint_);

    demo_ = new QPushButton(this);
    demo_->setDefault(true);
    demo_->setMinimumHeight(36);
    QFont bold = demo_->font();
    bold.setWeight(QFont::DemiBold);
    demo_->setFont(bold);
    auto* demoRow = new QHBoxLayout;
    demoRow->addStretch();
    demoRow->addWidget(demo_);
    tour_ = new QPushButton(this);
    tour_->setMinimumHeight(36);
    demoRow->addWidget(tour_);
    demoRow->addStretch();
    column->addSpacing(6);
    column->addLayout(demoRow);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    openFile_ = new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), QString(), this);
    openFolder_ = new QPushButton(style()->standardIcon(QStyle::SP_DirOpenIcon), QString(), this);
    openCache_ = new QPushButton(style()->standardIcon(QStyle::SP_DriveHDIcon), QString(), this);
    openSession_ = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogDetailedView), QString(), this);
    for (QPushButton* b : {openFile_, openFolder_, openCache_, openSession_}) buttons->addWidget(b);
    buttons->addStretch();
    column->addLayout(buttons);

    auto* recent = new QHBoxLayout;
    recent->addStretch();
    auto* sessions = new QVBoxLayout;
    auto* models = new QVBoxLayout;
    sessionsTitle_ = new QLabel(this);
    modelsTitle_ = new QLabel(this);
    sessionsLayout_ = new QVBoxLayout;
    modelsLayout_ = new QVBoxLayout;
    sessions->addWidget(sessionsTitle_);
    sessions->addLayout(sessionsLayout_);
    sessions->addStretch();
    models->addWidget(modelsTitle_);
    models->addLayout(modelsLayout_);
    models->addStretch();
    recent->addLayout(sessions);
    recent->addSpacing(48);
    recent->addLayout(models);
    recent->addStretch();
    column->addSpacing(12);
    column->addLayout(recent);

    outer->addLayout(column);
    outer->addStretch(3);

    connect(demo_, &QPushButton::clicked, this, &StartPage::demoRequested);
    connect(tour_, &QPushButton::clicked, this, &StartPage::tourRequested);
    connect(openFile_, &QPushButton::clicked, this, &StartPage::openModelFileRequested);
    connect(openFolder_, &QPushButton::clicked, this, &StartPage::openModelFolderRequested);
    connect(openCache_, &QPushButton::clicked, this, &StartPage::openCacheRequested);
    connect(openSession_, &QPushButton::clicked, this, &StartPage::openSessionRequested);
    connect(recentSessions_, &RecentFiles::changed, this, &StartPage::rebuildRecent);
    connect(recentModels_, &RecentFiles::changed, this, &StartPage::rebuildRecent);
    retranslate();
}

void StartPage::setDemoAvailable(bool available)
{
    demo_->setEnabled(available);
    tour_->setEnabled(available);
    tour_->setToolTip(available ? tr("Opens the demo and walks through the paper's main finding in eight steps: the "
                                     "dark band, the BoS sink, filtering with and without the dark band, the swap "
                                     "and generation. Back / Next; leave at any step.")
                                : tr("The demo model or the demo corpus was not found in this installation"));
    demo_->setToolTip(available
                          ? tr("Opens the demo model, runs the demo corpus (8 held-out stories of 128 tokens) "
                               "into a cache and analyses it: every view fills. A second time it reuses the cache.")
                          : tr("The demo model or the demo corpus was not found in this installation"));
}

void StartPage::retranslate()
{
    title_->setText(tr("Spectroscope"));
    hint_->setText(tr("Explore the spectrum of a model's embedding and unembedding, its dark signals and its "
                      "attention sinks. Start with the demo, or open a model, a cache or a session."));
    demo_->setText(tr("Open the Demo: model, corpus and every view"));
    tour_->setText(tr("Take the Guided Tour"));
    openFile_->setText(tr("Open Model File…"));
    openFile_->setToolTip(tr("A llama2.c .bin or GGUF checkpoint"));
    openFolder_->setText(tr("Open Hugging Face Folder…"));
    openFolder_->setToolTip(tr("A folder with config.json and safetensors weights"));
    openCache_->setText(tr("Open Cache…"));
    openCache_->setToolTip(tr("A tap cache (.h5) written by a run; no model needed for most views"));
    openSession_->setText(tr("Open Session…"));
    openSession_->setToolTip(tr("A .spectro session: model, cache, selection and window layout"));
    sessionsTitle_->setText(tr("<b>Recent sessions</b>"));
    modelsTitle_->setText(tr("<b>Recent models</b>"));
    setDemoAvailable(demo_->isEnabled());
    rebuildRecent();
}

void StartPage::fillRecent(QVBoxLayout* layout, QLabel* title, RecentFiles* list, bool sessions)
{
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QStringList paths = list->paths().mid(0, 5);
    title->setVisible(!paths.isEmpty());
    for (const QString& path : paths) {
        auto* link = new QLabel(this);
        link->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                          .arg(path.toHtmlEscaped(), QFileInfo(path).fileName().toHtmlEscaped()));
        link->setToolTip(QDir::toNativeSeparators(path));
        link->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        connect(link, &QLabel::linkActivated, this,
                sessions ? &StartPage::openSessionPathRequested : &StartPage::openModelPathRequested);
        layout->addWidget(link);
    }
}

void StartPage::rebuildRecent()
{
    fillRecent(sessionsLayout_, sessionsTitle_, recentSessions_, true);
    fillRecent(modelsLayout_, modelsTitle_, recentModels_, false);
}

void StartPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

} // namespace spectro::gui
