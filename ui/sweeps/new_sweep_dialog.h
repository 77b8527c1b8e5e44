#pragma once
// The New Sweep dialog: edits a sweep spec (DESIGN.md §5's format): name; the base run (dataset
// version, model, epochs here, everything else through the New Run dialog); the objective; the
// parameter table; algorithm and seed; maxTrialCount, parallelTrialCount, maxFailedTrialCount;
// early stopping. Every edit is checked by the engine (SweepSpec::fromJson, which also applies
// the parameters to the base run and checks the result, and the model against the chosen
// version); the field the message names is marked and OK stays disabled until the spec is valid.
// The spec as JSON is shown as it will be stored. GUI thread only.
#include "datasets/dataset_store.h"

#include <nlohmann/json.hpp>

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace dllab::ui {

class ParamTableEditor;

class NewSweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewSweepDialog(std::vector<datasets::VersionInfo> versions, QWidget *parent = nullptr);

    nlohmann::json spec() const;
    // The base run spec (trial.run) the parameters are applied to.
    void setBaseRun(const nlohmann::json &runSpec);
    nlohmann::json baseRun() const;
    // The engine's message for the current form; empty when the spec is valid.
    QString error() const { return m_error; }
    QWidget *errorField() const { return m_errorField; }
    int errorRow() const { return m_errorRow; }

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *datasetCombo() const { return m_dataset; }
    QComboBox *archCombo() const { return m_arch; }
    QSpinBox *epochsSpin() const { return m_epochs; }
    QComboBox *metricCombo() const { return m_metric; }
    QComboBox *goalCombo() const { return m_goal; }
    ParamTableEditor *parameters() const { return m_params; }
    QComboBox *algorithmCombo() const { return m_algorithm; }
    QSpinBox *maxTrialsSpin() const { return m_maxTrials; }
    QSpinBox *parallelSpin() const { return m_parallel; }
    QComboBox *earlyStoppingCombo() const { return m_earlyStopping; }
    QPlainTextEdit *specPreview() const { return m_preview; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QWidget *createBaseRunBox();
    QWidget *createSearchBox();
    void validate();
    void editBaseRun();
    QWidget *fieldFor(const QString &message, int *row) const;

    std::vector<datasets::VersionInfo> m_versions;
    nlohmann::json m_base; // the base run; the form's dataset, arch and epochs are written over it
    QLineEdit *m_name;
    QComboBox *m_dataset, *m_arch, *m_metric, *m_goal, *m_algorithm, *m_earlyStopping;
    QSpinBox *m_epochs, *m_seed, *m_maxTrials, *m_parallel, *m_maxFailed;
    QPushButton *m_moreBase;
    ParamTableEditor *m_params;
    QPlainTextEdit *m_preview;
    QLabel *m_errorLabel;
    QDialogButtonBox *m_buttons;
    QString m_error;
    QWidget *m_errorField = nullptr;
    int m_errorRow = -1;
};

} // namespace dllab::ui
