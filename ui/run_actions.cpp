#include "run_actions.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStyle>

namespace dllab::ui {

bool isResumable(const QString &status)
{
    return status == QLatin1String("paused") || status == QLatin1String("interrupted")
        || status == QLatin1String("cancelled") || status == QLatin1String("failed")
        || status == QLatin1String("queued");
}

bool hasTrainedModel(const QString &status)
{
    // The engine records the `model` artifact (the best epoch's checkpoint) only when a run
    // finishes; a cancelled, paused or interrupted one has checkpoints but nothing to export.
    return status == QLatin1String("finished");
}

RunActions::RunActions(QWidget *parent)
    : QWidget(parent), m_pause(new QPushButton(tr("Pause"))), m_resume(new QPushButton(tr("Resume"))),
      m_cancel(new QPushButton(tr("Cancel"))), m_clone(new QPushButton(tr("Clone…"))),
      m_export(new QPushButton(tr("Export…"))), m_tryIt(new QPushButton(tr("Try it…")))
{
    m_pause->setObjectName(QStringLiteral("pauseRunButton"));
    m_resume->setObjectName(QStringLiteral("resumeRunButton"));
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    m_clone->setObjectName(QStringLiteral("cloneRunButton"));
    m_export->setObjectName(QStringLiteral("exportRunButton"));
    m_tryIt->setObjectName(QStringLiteral("tryItRunButton"));
    m_export->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_resume->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_pause, m_resume, m_cancel, m_clone, m_export, m_tryIt})
        layout->addWidget(button);
    connect(m_pause, &QPushButton::clicked, this, [this] { Q_EMIT pauseClicked(m_runId); });
    connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeClicked(m_runId); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { Q_EMIT cancelClicked(m_runId); });
    connect(m_clone, &QPushButton::clicked, this, [this] { Q_EMIT cloneClicked(m_runId); });
    connect(m_export, &QPushButton::clicked, this, [this] { Q_EMIT exportClicked(m_runId); });
    connect(m_tryIt, &QPushButton::clicked, this, [this] { Q_EMIT tryItClicked(m_runId); });
    setRun(0, {});
}

void RunActions::setRun(qint64 runId, const QString &status)
{
    m_runId = runId;
    const bool running = status == QLatin1String("running");
    m_pause->setEnabled(runId > 0 && running);
    m_cancel->setEnabled(runId > 0 && (running || status == QLatin1String("paused")
                                       || status == QLatin1String("interrupted")
                                       || status == QLatin1String("queued")));
    m_resume->setEnabled(runId > 0 && isResumable(status));
    m_clone->setEnabled(runId > 0);
    m_export->setEnabled(runId > 0 && hasTrainedModel(status));
    m_tryIt->setEnabled(runId > 0 && hasTrainedModel(status));
}

} // namespace dllab::ui
