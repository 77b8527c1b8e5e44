#pragma once
// The New Run dialog: edits a run spec (dataset version, model architecture and sizes, dropout,
// optimizer, lr, weight decay, schedule, epochs, batch size, device, seed, val fraction). Every
// edit is checked by the engine's own spec validation (training::parseRunSpec and
// models::completeModelSpec against the chosen version; both torch-free and quick), and the
// field it names is marked with the message next to it; OK stays disabled until the spec is
// valid. Clone fills it from a run's spec. For an image version it offers augmentation, with a grid
// of augmented samples. GUI thread only.
#include "datasets/dataset_store.h"

#include <nlohmann/json.hpp>

#include <QDialog>
#include <QHash>

#include <filesystem>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace dllab::ui {

class AugmentPanel;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    // `workspaceDir`: where the augmentation grid reads samples from (none: no grid).
    explicit NewRunDialog(std::vector<datasets::VersionInfo> versions, QWidget *parent = nullptr,
                          std::filesystem::path workspaceDir = {});

    // Fills the form from a (stored) spec, as Clone does.
    void setSpec(const nlohmann::json &spec);
    nlohmann::json spec() const;
    // The engine's message for the current form; empty when the spec is valid.
    QString error() const { return m_error; }
    // The widget the current error names, or nullptr.
    QWidget *errorField() const { return m_errorField; }

    QComboBox *datasetCombo() const { return m_dataset; }
    QComboBox *archCombo() const { return m_arch; }
    QLineEdit *sizesEdit() const { return m_sizes; }
    QLineEdit *lrEdit() const { return m_lr; }
    QSpinBox *epochsSpin() const { return m_epochs; }
    QSpinBox *batchSpin() const { return m_batch; }
    QDoubleSpinBox *valFractionSpin() const { return m_valFraction; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    AugmentPanel *augmentPanel() const { return m_augment; }

private:
    void validate();
    void updateSizesLabel();
    void updateValFraction();
    void updateAugment();
    QWidget *fieldFor(const QString &path) const;

    std::vector<datasets::VersionInfo> m_versions;
    QComboBox *m_dataset, *m_arch, *m_optimizer, *m_schedule, *m_device;
    QLineEdit *m_sizes, *m_lr, *m_weightDecay;
    QDoubleSpinBox *m_dropout, *m_valFraction;
    QSpinBox *m_epochs, *m_batch, *m_seed;
    QLabel *m_sizesLabel, *m_errorLabel;
    AugmentPanel *m_augment;
    QDialogButtonBox *m_buttons;
    QHash<QString, QWidget *> m_fields; // spec path -> its widget
    nlohmann::json m_base; // the spec the form started from; fields it does not show come from it
    QString m_error;
    QWidget *m_errorField = nullptr;
};

} // namespace dllab::ui
