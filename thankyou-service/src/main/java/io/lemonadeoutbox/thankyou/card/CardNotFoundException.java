package io.lemonadeoutbox.thankyou.card;

public class CardNotFoundException extends RuntimeException {

    private final String saleId;

    public CardNotFoundException(String saleId) {
        super("No thank-you card for sale " + saleId);
        this.saleId = saleId;
    }

    public String saleId() {
        return saleId;
    }
}
