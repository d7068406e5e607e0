package ma.cnss.claims.settlement;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import ma.cnss.claims.settlement.iso20022.pain001.AccountIdentification4Choice;
import ma.cnss.claims.settlement.iso20022.pain001.ActiveOrHistoricCurrencyAndAmount;
import ma.cnss.claims.settlement.iso20022.pain001.AmountType4Choice;
import ma.cnss.claims.settlement.iso20022.pain001.BranchAndFinancialInstitutionIdentification6;
import ma.cnss.claims.settlement.iso20022.pain001.CashAccount38;
import ma.cnss.claims.settlement.iso20022.pain001.CreditTransferTransaction40;
import ma.cnss.claims.settlement.iso20022.pain001.CustomerCreditTransferInitiationV10;
import ma.cnss.claims.settlement.iso20022.pain001.DateAndDateTime2Choice;
import ma.cnss.claims.settlement.iso20022.pain001.FinancialInstitutionIdentification18;
import ma.cnss.claims.settlement.iso20022.pain001.GenericAccountIdentification1;
import ma.cnss.claims.settlement.iso20022.pain001.GenericFinancialIdentification1;
import ma.cnss.claims.settlement.iso20022.pain001.GroupHeader95;
import ma.cnss.claims.settlement.iso20022.pain001.PartyIdentification135;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentIdentification6;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentInstruction34;
import ma.cnss.claims.settlement.iso20022.pain001.PaymentMethod3Code;
import ma.cnss.claims.settlement.iso20022.pain001.RemittanceInformation16;
import ma.cnss.claims.settlement.iso20022.pain002.CustomerPaymentStatusReportV11;
import ma.cnss.claims.settlement.iso20022.pain002.OriginalPaymentInstruction38;
import ma.cnss.claims.settlement.iso20022.pain002.PaymentTransaction126;

/**
 * ISO 20022 payment files through JAXB classes generated from the official XSDs (shipped in
 * {@code src/main/resources/iso20022}): pain.001.001.10 credit transfers out, pain.002.001.11 status reports in.
 * Every file written is validated against the XSD while it is marshalled; every report read is validated too and
 * parsed with DTDs and external entities off.
 */
public final class PaymentFiles {

    public record Transfer(String endToEndId, BigDecimal amount, String creditorName, String creditorRib,
            String remittance) {
    }

    public record PaymentBlock(String paymentInfoId, String debtorName, String debtorRib, LocalDate executionDate,
            List<Transfer> transfers) {
        int count() {
            return transfers.size();
        }

        BigDecimal sum() {
            return transfers.stream().map(Transfer::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    public record Batch(String msgId, Instant createdAt, String initiatingParty, List<PaymentBlock> blocks) {
        int count() {
            return blocks.stream().mapToInt(PaymentBlock::count).sum();
        }

        BigDecimal sum() {
            return blocks.stream().map(PaymentBlock::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A transfer's status in a bank's report: RJCT, ACCP, ACSC... with the reason code when given. */
    public record TransferStatus(String endToEndId, String status, String reason) {
    }

    public record StatusReport(String msgId, String originalMsgId, List<TransferStatus> transfers) {
    }

    private static final JAXBContext PAIN001;
    private static final JAXBContext PAIN002;
    private static final Schema PAIN001_XSD;
    private static final Schema PAIN002_XSD;

    static {
        try {
            PAIN001 = JAXBContext.newInstance(ma.cnss.claims.settlement.iso20022.pain001.ObjectFactory.class);
            PAIN002 = JAXBContext.newInstance(ma.cnss.claims.settlement.iso20022.pain002.ObjectFactory.class);
            SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            schemas.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            PAIN001_XSD = schemas.newSchema(new StreamSource(
                    PaymentFiles.class.getResourceAsStream("/iso20022/pain.001.001.10.xsd")));
            PAIN002_XSD = schemas.newSchema(new StreamSource(
                    PaymentFiles.class.getResourceAsStream("/iso20022/pain.002.001.11.xsd")));
        } catch (JAXBException | org.xml.sax.SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PaymentFiles() {
    }

    /** The pain.001.001.10 file of a batch: same batch, same bytes (every value comes from the sealed batch). */
    public static byte[] pain001(Batch batch) {
        var factory = new ma.cnss.claims.settlement.iso20022.pain001.ObjectFactory();
        GroupHeader95 header = new GroupHeader95();
        header.setMsgId(batch.msgId());
        header.setCreDtTm(dateTime(batch.createdAt()));
        header.setNbOfTxs(String.valueOf(batch.count()));
        header.setCtrlSum(batch.sum());
        header.setInitgPty(party(batch.initiatingParty()));
        CustomerCreditTransferInitiationV10 initiation = new CustomerCreditTransferInitiationV10();
        initiation.setGrpHdr(header);
        for (PaymentBlock block : batch.blocks()) {
            PaymentInstruction34 payment = new PaymentInstruction34();
            payment.setPmtInfId(block.paymentInfoId());
            payment.setPmtMtd(PaymentMethod3Code.TRF);
            payment.setNbOfTxs(String.valueOf(block.count()));
            payment.setCtrlSum(block.sum());
            DateAndDateTime2Choice execution = new DateAndDateTime2Choice();
            execution.setDt(date(block.executionDate()));
            payment.setReqdExctnDt(execution);
            payment.setDbtr(party(block.debtorName()));
            payment.setDbtrAcct(account(block.debtorRib()));
            payment.setDbtrAgt(agentNotProvided());
            for (Transfer transfer : block.transfers()) {
                CreditTransferTransaction40 tx = new CreditTransferTransaction40();
                PaymentIdentification6 id = new PaymentIdentification6();
                id.setEndToEndId(transfer.endToEndId());
                tx.setPmtId(id);
                ActiveOrHistoricCurrencyAndAmount amount = new ActiveOrHistoricCurrencyAndAmount();
                amount.setCcy("MAD");
                amount.setValue(transfer.amount());
                AmountType4Choice amt = new AmountType4Choice();
                amt.setInstdAmt(amount);
                tx.setAmt(amt);
                tx.setCdtr(party(transfer.creditorName()));
                tx.setCdtrAcct(account(transfer.creditorRib()));
                RemittanceInformation16 remittance = new RemittanceInformation16();
                remittance.getUstrd().add(transfer.remittance());
                tx.setRmtInf(remittance);
                payment.getCdtTrfTxInf().add(tx);
            }
            initiation.getPmtInf().add(payment);
        }
        var document = factory.createDocument();
        document.setCstmrCdtTrfInitn(initiation);
        try {
            Marshaller marshaller = PAIN001.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            marshaller.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            marshaller.setSchema(PAIN001_XSD); // a file that does not conform is never written
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            marshaller.marshal(factory.createDocument(document), out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new IllegalStateException("pain.001 of batch " + batch.msgId() + " does not conform: "
                    + (e.getLinkedException() != null ? e.getLinkedException().getMessage() : e.getMessage()), e);
        }
    }

    /** Checks bytes against the pain.001.001.10 XSD; returns the problem, or null when valid. */
    public static String pain001Problem(byte[] xml) {
        try {
            var validator = PAIN001_XSD.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new java.io.ByteArrayInputStream(xml)));
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Reads a pain.002.001.11 status report (validated against its XSD; no DTD, no external entity). */
    public static StatusReport pain002(InputStream input) {
        try {
            XMLInputFactory xml = XMLInputFactory.newFactory();
            xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader reader = xml.createXMLStreamReader(input);
            Unmarshaller unmarshaller = PAIN002.createUnmarshaller();
            unmarshaller.setSchema(PAIN002_XSD);
            JAXBElement<ma.cnss.claims.settlement.iso20022.pain002.Document> document = unmarshaller.unmarshal(reader,
                    ma.cnss.claims.settlement.iso20022.pain002.Document.class);
            CustomerPaymentStatusReportV11 report = document.getValue().getCstmrPmtStsRpt();
            List<TransferStatus> transfers = new ArrayList<>();
            for (OriginalPaymentInstruction38 block : report.getOrgnlPmtInfAndSts()) {
                for (PaymentTransaction126 tx : block.getTxInfAndSts()) {
                    String reason = tx.getStsRsnInf().isEmpty() || tx.getStsRsnInf().get(0).getRsn() == null ? null
                            : tx.getStsRsnInf().get(0).getRsn().getCd();
                    transfers.add(new TransferStatus(tx.getOrgnlEndToEndId(), tx.getTxSts(), reason));
                }
            }
            return new StatusReport(report.getGrpHdr().getMsgId(), report.getOrgnlGrpInfAndSts().getOrgnlMsgId(),
                    transfers);
        } catch (JAXBException | XMLStreamException e) {
            Throwable cause = e instanceof JAXBException j && j.getLinkedException() != null ? j.getLinkedException() : e;
            throw new IllegalArgumentException("pain.002.001.11 illisible ou non conforme : " + cause.getMessage(), e);
        }
    }

    private static PartyIdentification135 party(String name) {
        PartyIdentification135 party = new PartyIdentification135();
        party.setNm(name.length() > 140 ? name.substring(0, 140) : name);
        return party;
    }

    private static CashAccount38 account(String rib) {
        GenericAccountIdentification1 other = new GenericAccountIdentification1();
        other.setId(rib);
        AccountIdentification4Choice id = new AccountIdentification4Choice();
        id.setOthr(other);
        CashAccount38 account = new CashAccount38();
        account.setId(id);
        account.setCcy("MAD");
        return account;
    }

    private static BranchAndFinancialInstitutionIdentification6 agentNotProvided() {
        GenericFinancialIdentification1 other = new GenericFinancialIdentification1();
        other.setId("NOTPROVIDED");
        FinancialInstitutionIdentification18 institution = new FinancialInstitutionIdentification18();
        institution.setOthr(other);
        BranchAndFinancialInstitutionIdentification6 agent = new BranchAndFinancialInstitutionIdentification6();
        agent.setFinInstnId(institution);
        return agent;
    }

    private static XMLGregorianCalendar dateTime(Instant instant) {
        try {
            // seconds precision, UTC: the same sealed instant always prints the same
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(
                    instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static XMLGregorianCalendar date(LocalDate date) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(date.toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
