#include "ui/runs/run_actions.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStyle>

namespace dllab::ui {

RunActions::RunActions(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto add = [&](const QString &text, const char *name, void (RunActions::*clicked)(qint64),
                         QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
        auto *button = new QPushButton(text);
        button->setObjectName(QLatin1String(name));
        if (icon != QStyle::SP_CustomBase)
            button->setIcon(style()->standardIcon(icon));
        layout->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, clicked] {
            Q_EMIT(this->*clicked)(m_runId);
        });
        return button;
    };
    m_pause = add(tr("Pause"), "pauseRunButton", &RunActions::pauseClicked, QStyle::SP_MediaPause);
    m_resume =
        add(tr("Resume"), "resumeRunButton", &RunActions::resumeClicked, QStyle::SP_MediaPlay);
    m_cancel =
        add(tr("Cancel"), "cancelRunButton", &RunActions::cancelClicked, QStyle::SP_MediaStop);
    m_clone = add(tr("Clone…"), "cloneRunButton", &RunActions::cloneClicked);
    m_export = add(tr("Export…"), "exportRunButton", &RunActions::exportClicked,
                   QStyle::SP_DialogSaveButton);
    m_tryIt = add(tr("Try it…"), "tryItRunButton", &RunActions::tryItClicked);
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
    Q_EMIT changed();
}

} // namespace dllab::ui
