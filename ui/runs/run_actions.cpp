#include "ui/runs/run_actions.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStyle>

namespace dllab::ui {

RunActions::RunActions(QWidget *parent)
    : QWidget(parent), m_pause(new QPushButton(tr("Pause"))),
      m_resume(new QPushButton(tr("Resume"))), m_cancel(new QPushButton(tr("Cancel"))),
      m_clone(new QPushButton(tr("Clone…"))), m_export(new QPushButton(tr("Export…"))),
      m_tryIt(new QPushButton(tr("Try it…")))
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
    setRun(0, training::RunStatus::Finished);
}

void RunActions::setRun(qint64 runId, training::RunStatus status)
{
    m_runId = runId;
    const bool any = runId > 0;
    m_pause->setEnabled(any && training::canPause(status));
    m_cancel->setEnabled(any && training::canCancel(status));
    m_resume->setEnabled(any && training::canResume(status));
    m_clone->setEnabled(any);
    // The engine records the `model` artifact only when a run finishes.
    m_export->setEnabled(any && training::hasModel(status));
    m_tryIt->setEnabled(any && training::hasModel(status));
}

} // namespace dllab::ui
