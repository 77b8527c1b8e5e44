#pragma once
// Asks for the fractions and seed of a train/val/test split of one version. GUI thread only.
#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace dllab::ui {

class SplitDialog : public QDialog {
    Q_OBJECT
public:
    explicit SplitDialog(const QString &ref, QWidget *parent = nullptr);

    double valFraction() const;
    double testFraction() const;
    quint64 seed() const;

private:
    void updateSummary();

    QDoubleSpinBox *m_val;
    QDoubleSpinBox *m_test;
    QSpinBox *m_seed;
    QLabel *m_summary;
    QPushButton *m_ok = nullptr;
};

} // namespace dllab::ui
