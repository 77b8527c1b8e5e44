#include "ui/datasets/split_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include <limits>

namespace dllab::ui {

namespace {

QDoubleSpinBox *fractionBox(double value)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(0.0, 0.9);
    box->setSingleStep(0.05);
    box->setDecimals(2);
    box->setValue(value);
    return box;
}

} // namespace

SplitDialog::SplitDialog(const QString &ref, QWidget *parent)
    : QDialog(parent), m_val(fractionBox(0.1)), m_test(fractionBox(0.1)), m_seed(new QSpinBox),
      m_summary(new QLabel)
{
    setWindowTitle(tr("Split %1").arg(ref));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Split"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("Makes a new version of <b>%1</b> with train, val and test "
                               "splits, stratified by class.<br>With a test fraction of 0, "
                               "an existing test split is kept.")
                                .arg(ref.toHtmlEscaped())));
    form->addRow(tr("Validation fraction:"), m_val);
    form->addRow(tr("Test fraction:"), m_test);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(m_summary);
    form->addRow(buttons);
    connect(m_val, &QDoubleSpinBox::valueChanged, this, &SplitDialog::updateSummary);
    connect(m_test, &QDoubleSpinBox::valueChanged, this, &SplitDialog::updateSummary);
    updateSummary();
}

double SplitDialog::valFraction() const { return m_val->value(); }
double SplitDialog::testFraction() const { return m_test->value(); }
quint64 SplitDialog::seed() const { return quint64(m_seed->value()); }

void SplitDialog::updateSummary()
{
    const double train = 1.0 - valFraction() - testFraction();
    const bool ok = train > 0.0;
    m_summary->setText(ok ? tr("train %1% · val %2% · test %3%")
                                .arg(qRound(train * 100))
                                .arg(qRound(valFraction() * 100))
                                .arg(qRound(testFraction() * 100))
                          : tr("Nothing would be left to train on."));
    m_ok->setEnabled(ok);
}

} // namespace dllab::ui
