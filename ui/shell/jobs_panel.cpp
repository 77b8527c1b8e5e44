#include "ui/shell/jobs_panel.h"

#include "ui/shell/status_color.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dllab::ui {

namespace {

constexpr int kProgressSteps = 1000;
// Below this fraction an estimate swings too much to be worth showing.
constexpr double kEtaMinFraction = 0.02;

QString formatSeconds(qint64 seconds)
{
    if (seconds >= 3600)
        return QStringLiteral("%1h %2m")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
    if (seconds >= 60)
        return QStringLiteral("%1m %2s")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(seconds);
}

} // namespace

JobRow::JobRow(JobHandle *runner, QWidget *parent)
    : QFrame(parent), m_runner(runner), m_name(new QLabel(runner->name())),
      m_progress(new QProgressBar), m_message(new QLabel), m_stateLabel(new QLabel),
      m_cancel(new QPushButton(tr("Cancel")))
{
    setObjectName(QStringLiteral("jobRow"));
    setFrameShape(QFrame::StyledPanel);
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_name->setMinimumWidth(180);
    m_progress->setRange(0, kProgressSteps);
    m_progress->setTextVisible(true);
    m_progress->setFixedWidth(220);
    // Long messages are cut rather than widening the dock; the tooltip has all of it.
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateLabel->setMinimumWidth(70);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 3, 8, 3);
    layout->addWidget(m_name);
    layout->addWidget(m_progress);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_cancel);

    m_clock.start();
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->cancel();
        m_cancel->setEnabled(false);
        m_message->setText(tr("cancelling…"));
    });
    connect(runner, &JobHandle::progressed, this, &JobRow::showProgress);
    // A job that waits for its turn (a queued run) says so until it starts.
    connect(runner, &JobHandle::started, this, [this] { showLiveState(JobState::Running); });
    connect(runner, &JobHandle::finished, this, &JobRow::showFinished);
    if (runner->isFinished()) {
        showFinished(runner->state(), runner->message());
    } else {
        showLiveState(runner->state());
        showProgress(runner->fraction(), runner->message());
    }
}

QString JobRow::name() const { return m_name->text(); }
QString JobRow::stateText() const { return jobStateName(m_state); }
QString JobRow::messageText() const { return m_message->text(); }

void JobRow::showProgress(double fraction, const QString &message)
{
    m_progress->setValue(int(std::clamp(fraction, 0.0, 1.0) * kProgressSteps));
    // Linear in the fraction done: right for epochs of equal cost, which is what training has.
    QString shown = message;
    if (fraction >= kEtaMinFraction && fraction < 1.0) {
        const double elapsed = double(m_clock.elapsed()) / 1000.0;
        shown +=
            QStringLiteral("  ·  ")
            + tr("ETA %1").arg(formatSeconds(qint64(elapsed * (1 - fraction) / fraction + 0.5)));
    }
    if (m_cancel->isEnabled())
        m_message->setText(shown);
    m_message->setToolTip(shown);
}

void JobRow::showLiveState(JobState state)
{
    m_state = state;
    m_stateLabel->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                              .arg(statusColor(state).name(), jobStateName(state)));
}

void JobRow::showFinished(JobState state, const QString &message)
{
    m_state = state;
    if (state == JobState::Done)
        m_progress->setValue(kProgressSteps);
    m_progress->setEnabled(state == JobState::Done);
    m_cancel->hide();
    m_message->setText(message);
    m_message->setToolTip(message);
    m_stateLabel->setText(QStringLiteral("<b style='color:%1'>%2</b>")
                              .arg(statusColor(state).name(), jobStateName(state)));
}

JobsPanel::JobsPanel(QWidget *parent) : QWidget(parent), m_rows(new QVBoxLayout)
{
    setObjectName(QStringLiteral("jobsPanel"));
    // A row is as tall as its Cancel button plus the row's margins and frame; measured once, as
    // layouts ask for the size hint often.
    m_rowHeight = QPushButton(tr("Cancel")).sizeHint().height() + 3 + 3 + 2;
    m_hint = new QLabel(tr("No jobs yet. Drop files or a folder on the window to import a "
                           "dataset (File ▸ Import… does the same)."));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setStyleSheet(QStringLiteral("color: #6b7280;"));

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(4, 4, 4, 4);
    contentLayout->setSpacing(3);
    m_rows->setSpacing(3);
    contentLayout->addWidget(m_hint);
    contentLayout->addLayout(m_rows);
    contentLayout->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *clear = new QToolButton;
    clear->setText(tr("Clear finished"));
    clear->setAutoRaise(true);
    connect(clear, &QToolButton::clicked, this, &JobsPanel::clearFinished);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->addWidget(scroll, 1);
    layout->addWidget(clear, 0, Qt::AlignTop);
}

JobRow *JobsPanel::addJob(JobHandle *runner)
{
    auto *row = new JobRow(runner);
    m_rows->insertWidget(0, row);
    connect(runner, &JobHandle::replaced, row, [this, row] {
        m_rows->removeWidget(row);
        row->deleteLater();
        updateHint();
    });
    updateHint();
    return row;
}

QSize JobsPanel::sizeHint() const { return {800, 4 + m_rowHeight + 3 + m_rowHeight + 4}; }

QList<JobRow *> JobsPanel::rows() const
{
    QList<JobRow *> result;
    for (int i = 0; i < m_rows->count(); ++i) {
        if (auto *row = qobject_cast<JobRow *>(m_rows->itemAt(i)->widget()))
            result << row;
    }
    return result;
}

void JobsPanel::clearFinished()
{
    for (JobRow *row : rows()) {
        if (row->state() != JobState::Running) {
            m_rows->removeWidget(row);
            row->deleteLater();
        }
    }
    updateHint();
}

void JobsPanel::updateHint() { m_hint->setVisible(rows().isEmpty()); }

} // namespace dllab::ui
